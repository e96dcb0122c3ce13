"""``minsheng serve`` starts again whatever it watches, waiting longer after each failure."""

from minsheng.web.supervision import Supervisor


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class FakePart:
    def __init__(self, name, log, *, fail_starts=0):
        self.name = name
        self.log = log
        self.running = False
        self.fail_starts = fail_starts

    def start(self):
        if self.fail_starts:
            self.fail_starts -= 1
            raise RuntimeError("cannot start yet")
        self.running = True
        self.log.append(("start", self.name))

    def alive(self):
        return self.running

    def stop(self):
        self.log.append(("stop", self.name))


def supervise(*parts, clock):
    supervisor = Supervisor(parts, clock=clock, stable_seconds=30, max_delay=4)
    supervisor.start_all()
    return supervisor


def restart_delays(supervisor, part, clock, crashes):
    """Crash ``part`` ``crashes`` times; the waits before each start again."""
    delays = []
    for _ in range(crashes):
        part.running = False
        crashed_at = clock.now
        supervisor.check()
        while not part.running:
            clock.now += 0.25
            supervisor.check()
        delays.append(clock.now - crashed_at)
    return delays


def test_a_part_that_keeps_stopping_waits_twice_as_long_each_time_up_to_a_ceiling():
    clock, log = Clock(), []
    worker = FakePart("worker", log)
    supervisor = supervise(worker, clock=clock)
    assert restart_delays(supervisor, worker, clock, 5) == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert supervisor.starts("worker") == 6


def test_a_part_that_stayed_up_a_while_comes_back_at_once_after_its_next_stop():
    clock, log = Clock(), []
    worker = FakePart("worker", log)
    supervisor = supervise(worker, clock=clock)
    restart_delays(supervisor, worker, clock, 3)
    clock.now += 31
    supervisor.check()  # seen stable: the delay goes back to the shortest
    assert restart_delays(supervisor, worker, clock, 1) == [0.5]


def test_a_part_that_cannot_start_yet_is_tried_again_later():
    clock, log = Clock(), []
    database = FakePart("database", log, fail_starts=2)
    supervisor = supervise(database, clock=clock)
    assert not database.alive()
    for _ in range(40):
        clock.now += 0.25
        supervisor.check()
    assert database.alive()


def test_the_parts_start_in_order_and_stop_in_reverse_order():
    clock, log = Clock(), []
    parts = [FakePart(name, log) for name in ("database", "web", "worker")]
    supervisor = supervise(*parts, clock=clock)
    supervisor.shutdown()
    supervisor.run()
    assert log == [
        ("start", "database"),
        ("start", "web"),
        ("start", "worker"),
        ("stop", "worker"),
        ("stop", "web"),
        ("stop", "database"),
    ]


def test_nothing_is_started_again_once_shutting_down():
    clock, log = Clock(), []
    web = FakePart("web", log)
    supervisor = supervise(web, clock=clock)
    supervisor.shutdown()
    web.running = False
    clock.now += 60
    supervisor.check()
    assert log == [("start", "web")]


def test_a_part_whose_state_cannot_be_read_is_not_started_twice():
    clock, log = Clock(), []
    web = FakePart("web", log)
    supervisor = supervise(web, clock=clock)

    def unreadable():
        raise PermissionError("cannot read the process table")

    web.alive = unreadable
    clock.now += 60
    supervisor.check()
    assert log == [("start", "web")]
