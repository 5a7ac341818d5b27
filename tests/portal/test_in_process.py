"""portal.fragment_cache.in_process: values kept in the process under what they are made of."""

from portal import fragment_cache


def test_a_value_is_made_once_per_key_and_the_memo_stays_bounded(monkeypatch):
    monkeypatch.setattr(fragment_cache, "_IN_PROCESS", {})
    monkeypatch.setattr(fragment_cache, "IN_PROCESS_MAX", 3)
    made = []

    def make(n):
        made.append(n)
        return f"value {n}"

    assert fragment_cache.in_process(("t", 1), lambda: make(1)) == "value 1"
    assert fragment_cache.in_process(("t", 1), lambda: make(99)) == "value 1"
    assert made == [1]
    for n in (2, 3, 4):
        assert fragment_cache.in_process(("t", n), lambda n=n: make(n)) == f"value {n}"
    # Full at the fourth: emptied, so the first is made again, and never more than three.
    assert len(fragment_cache._IN_PROCESS) <= 3
    assert fragment_cache.in_process(("t", 1), lambda: make(1)) == "value 1"
    assert made == [1, 2, 3, 4, 1]
    fragment_cache.forget_in_process()
    assert fragment_cache._IN_PROCESS == {}
