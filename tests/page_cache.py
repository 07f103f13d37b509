"""Reading a public page as a visitor who is not signed in, and saying whether the page cache served it."""

from common.page_cache import STATUS_HEADER


def stored(client, path):
    """The page at `path` once it is in the cache (asked for twice, the second answer is a hit)."""
    client.get(path)
    response = client.get(path)
    assert response[STATUS_HEADER] == "hit"
    return response.content.decode()


def fresh(client, path):
    """The page at `path`, which must have been rendered anew (a miss): a purge dropped what was stored."""
    response = client.get(path)
    assert response.status_code == 200
    assert response[STATUS_HEADER] == "miss"
    return response.content.decode()
