"""Exception types of the planner.

Every error a user can cause by bad input is an :class:`InputError`; its message is one line that
names the file, the feature or key, the bad value and the fix. The command line turns these into
exit code 2 without a traceback.
"""

from __future__ import annotations


class PlannerError(Exception):
    """Base class of all errors the planner raises on purpose."""


class InputError(PlannerError, ValueError):
    """Bad input data or configuration (exit code 2).

    The message names the file, the feature, column or key, the bad value and how to fix it.
    """


class InfeasibleError(PlannerError):
    """No plan satisfies the requirements; the message names the requirement that cannot be met."""


class SolverError(PlannerError):
    """The solver failed in a way that is not the user's fault."""


def one_line(message: str) -> str:
    """Collapse a message to a single line (error messages are printed as one line)."""
    return " ".join(str(message).split())
