"""Decode slots: shared by threads and processes, given back when a holder dies."""

import subprocess
import sys
import threading
import time

from portfolio_admin.services.decode_slots import DecodeSlots


def test_with_every_slot_taken_the_next_holder_waits_for_one_to_be_given_back(tmp_path):
    slots = DecodeSlots(tmp_path, 2)
    order = []
    release = threading.Event()

    def holder(name):
        with slots.hold():
            order.append(f"{name} in")
            release.wait(10)
            order.append(f"{name} out")

    first = [threading.Thread(target=holder, args=(name,)) for name in ("a", "b")]
    for thread in first:
        thread.start()
    time.sleep(0.3)
    late = threading.Thread(target=holder, args=("c",))
    late.start()
    time.sleep(0.3)
    assert sorted(order) == ["a in", "b in"]  # c waits
    release.set()
    for thread in [*first, late]:
        thread.join(10)
    assert order.index("c in") > min(order.index("a out"), order.index("b out"))


def test_a_process_that_dies_holding_a_slot_gives_it_back(tmp_path):
    slots = DecodeSlots(tmp_path, 1)
    hold_for_ever = (
        "import sys, time; from pathlib import Path\n"
        "from portfolio_admin.services.decode_slots import DecodeSlots\n"
        f"with DecodeSlots(Path({str(tmp_path)!r}), 1).hold():\n"
        "    print('held', flush=True); time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", hold_for_ever], stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline() == b"held\n"
        taken = threading.Event()

        def take():
            with slots.hold():
                taken.set()

        waiter = threading.Thread(target=take, daemon=True)
        waiter.start()
        assert not taken.wait(0.5)  # the child has it
        child.kill()
        assert taken.wait(5)
        waiter.join(5)
    finally:
        child.kill()
        child.wait()
