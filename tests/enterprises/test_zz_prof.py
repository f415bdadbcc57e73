import cProfile, pstats, io
import pytest
from io import StringIO
from django.core.management import call_command

@pytest.mark.django_db
def test_prof():
    pr = cProfile.Profile(); pr.enable()
    call_command("demo-data", "--province", "hunan", stdout=StringIO())
    pr.disable()
    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(35); print(s.getvalue()[:6000])
