"""Every operation declares each status it can answer, with no catch-all `default` to hide one: the fuzz test
(`test_fuzz.py`) then fails on any status answered without being declared."""

METHODS = {"get", "post", "put", "patch", "delete"}


def _operations(client):
    document = client.get("/api/v1/openapi.json").json
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_every_operation_declares_its_problems_and_none_has_a_default(client):
    operations = list(_operations(client))
    assert len(operations) >= 20
    for path, method, operation in operations:
        statuses = set(operation["responses"])
        assert "default" not in statuses, (method, path)
        assert {"400", "413", "503"} <= statuses, (method, path)  # every request: its headers and body are read
        if method in ("post", "put", "patch"):
            assert "415" in statuses, (method, path)
        if operation.get("security"):
            assert {"401", "403"} <= statuses, (method, path)
        if "{" in path:
            assert "404" in statuses, (method, path)
        if "requestBody" in operation:
            assert {"413", "415", "422"} <= statuses, (method, path)


def test_the_headers_a_client_reads_are_declared(client):
    document = client.get("/api/v1/openapi.json").json
    paths = document["paths"]
    assert "Retry-After" in document["components"]["responses"]["SERVICE_UNAVAILABLE"]["headers"]
    save = paths["/api/v1/attempts/{attempt_id}/questions/{position}/response"]["put"]
    assert "X-Current-Seq" in save["responses"]["409"]["headers"]
    start = paths["/api/v1/assessments/{assessment_id}/attempts"]["post"]
    assert "Location" in start["responses"]["201"]["headers"]
    listed = paths["/api/v1/attempts"]["get"]["responses"]["200"]["headers"]
    assert {"Link", "X-Pagination"} <= set(listed)
