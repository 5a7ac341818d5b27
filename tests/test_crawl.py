"""Every link a visitor can follow from the home page answers without a server error."""

import re
from urllib.parse import urljoin, urlparse

import pytest

pytestmark = pytest.mark.django_db
HREF = re.compile(r'href="([^"#]+)"')


def test_no_link_on_the_site_gives_a_server_error(client, demo):
    seen, queue, checked = set(), ["/"], 0
    while queue and checked < 250:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        checked += 1
        assert response.status_code < 500, url
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            target = urlparse(urljoin(url, href))
            if target.netloc or target.scheme not in ("", "http"):
                continue
            if target.path.startswith(("/admin", "/static", "/media", "/documents")):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    assert checked > 20
