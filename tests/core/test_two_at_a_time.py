"""Issue 10: work made two items at a time, every other one on a worker thread, comes out as
one pass would make it, and leaves no thread behind however it ends."""

from __future__ import annotations

import threading

import pytest

from csvinspect.core.analysis.alongside import two_at_a_time


def _workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("csvinspect-test")]


@pytest.mark.parametrize("n", [0, 1, 2, 3, 10])
def test_items_come_out_in_order_as_one_pass_makes_them(n):
    made_on = []

    def work(item: int) -> int:
        made_on.append(threading.current_thread().name)
        return item * item

    assert list(two_at_a_time(work, range(1, n + 1), "csvinspect-test")) == [
        i * i for i in range(1, n + 1)
    ]
    if n >= 2:  # both threads took a share
        assert any(name.startswith("csvinspect-test") for name in made_on)
        assert threading.current_thread().name in made_on
    assert not _workers()


def test_an_error_in_the_workers_item_is_raised_in_turn_and_leaves_no_thread():
    def work(item: int) -> int:
        if item == 3:
            raise ValueError("item 3")
        return item

    made = two_at_a_time(work, range(1, 10), "csvinspect-test")
    assert [next(made), next(made)] == [1, 2]
    with pytest.raises(ValueError, match="item 3"):
        next(made)
    assert not _workers()


def test_closing_early_leaves_no_thread():
    made = two_at_a_time(lambda item: item, range(100), "csvinspect-test")
    assert next(made) == 0
    made.close()
    assert not _workers()
