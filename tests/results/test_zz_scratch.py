from django.urls import reverse
from tests.conftest import PASSWORD


def test_smoke(client, world, published):
    assert client.login(username="province", password=PASSWORD)
    rs = published.round.result_sets.get()
    a1 = rs.results.get(cluster=world.clusters["a1"])
    r = client.get(reverse("results:explain", args=[a1.pk]))
    open("/tmp/scratch/explain.html", "w").write(r.content.decode())
    assert r.status_code == 200
    r = client.get(reverse("results:versions", args=[published.round.pk]))
    open("/tmp/scratch/versions.html", "w").write(r.content.decode())
    assert r.status_code == 200
    r = client.get(reverse("results:registers"))
    open("/tmp/scratch/registers.html", "w").write(r.content.decode())
    assert r.status_code == 200
    r = client.get(reverse("results:round", args=[published.round.pk]))
    open("/tmp/scratch/round.html", "w").write(r.content.decode())
    r = client.get("/api/rounds/%d/results" % published.round.pk)
