from clustermon.cli import main

raise SystemExit(main())
