"""Latihan di Posko (the drill in the Posko): an exercise operation runs a drill package.

The pure drill logic lives in :mod:`sispam.latihan` (clock, schedule, evaluation, Anev); this
package puts it on the Posko's log:

* :mod:`~sispam.posko.drill.events` — the drill's event types (package loaded, the controller's
  clock, injects delivered, the evaluator's reviews and observations, Improvement Plan edits,
  the Anev rendered), their guards and permissions;
* :mod:`~sispam.posko.drill.views` — the ``drill`` projection (the package, clock, deliveries,
  reviews, improvement edits) rebuilt from the log;
* :mod:`~sispam.posko.drill.inputs` — the one function that turns a delivered inject into real
  Posko inputs (the election-day event types);
* :mod:`~sispam.posko.drill.record` — the Posko's events as the exercise record
  (:class:`~sispam.domain.exercise.ExerciseEvent`) that the evaluation and the Anev read;
* :mod:`~sispam.posko.drill.control` — delivering injects (by hand, on schedule) and the
  server-side schedule loop;
* :mod:`~sispam.posko.drill.load` and :mod:`~sispam.posko.drill.anev` — a package into an exercise
  operation; the Anev from the log (worker process and ``sispam latihan anev --db``).

A drill runs only in an operation loaded as an exercise: every guard refuses a live operation.
See ``docs/latihan.md`` ("In the Posko").
"""

from sispam.posko.drill import events, views  # noqa: F401  (register types and projection)
