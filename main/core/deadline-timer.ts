/**
 * The timer behind a state machine's deadline. The machines keep wall-clock timestamps (they are
 * stored, and must mean the same after a restart), but the wall clock can be stepped back while a
 * deadline waits — a clock that ran fast, corrected. The timer measures the wait itself, so when
 * it fires the deadline has come: the runner hands the machine `due` as the time, whatever the
 * wall clock says. And no wait is longer than `longest`, the longest the machine ever sets: a
 * deadline further off than that was set on a clock since stepped back, and is due by then.
 */
export function setDeadlineTimer(due: number, now: number, longest: number, fire: (due: number) => void): NodeJS.Timeout {
  return setTimeout(() => fire(due), Math.max(0, Math.min(due - now, longest)));
}
