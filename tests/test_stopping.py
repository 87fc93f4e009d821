"""Stop signals unwind as KeyboardInterrupt, except inside a step that must complete."""

from __future__ import annotations

import os
import signal

import pytest

from extract.stopping import not_interrupted, stop_on_signals


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_unwinds_as_keyboard_interrupt(sig: signal.Signals) -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), stop_on_signals():
        os.kill(os.getpid(), sig)
    assert signal.getsignal(signal.SIGTERM) == before  # handlers restored


def test_a_step_that_must_complete_is_not_cut_by_a_signal() -> None:
    done = []
    with stop_on_signals():
        with not_interrupted():
            os.kill(os.getpid(), signal.SIGTERM)
            done.append("switched")
        assert done == ["switched"]
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGTERM)
            done.append("not reached")
    assert done == ["switched"]
