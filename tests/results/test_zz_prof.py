import cProfile, pstats, io
import pytest
from django.core.management import call_command

@pytest.mark.django_db
def test_prof(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    pr = cProfile.Profile(); pr.enable()
    call_command("demo-data", "--seed", "2026", stdout=io.StringIO())
    pr.disable()
    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(45)
    open("/tmp/scratch/prof.txt","w").write(s.getvalue())
