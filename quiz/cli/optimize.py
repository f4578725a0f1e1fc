"""`quiz optimize`: fit the scheduler's FSRS parameters to your own review history.

Prints the current and the fitted parameters' log loss and RMSE on that history side by side
and, when the fitted ones predict it at least as well, uses them from now on (the previous
ones are kept in the progress file: ``--revert`` goes back). ``--dry-run`` saves nothing.

Exit status: 0 when the fit was shown (adopted or not) or reverted, 1 when the progress file
cannot be used, 3 when the history is too short to fit (nothing is changed).
"""

from __future__ import annotations

import argparse
import sys

from quiz.cli.stats import add_data_dir, open_progress

NOT_ENOUGH = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true", help="fit and compare, but keep the current parameters"
    )
    parser.add_argument(
        "--revert",
        action="store_true",
        help="go back to the parameters used before the last optimization",
    )
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    from quiz.study import optimize
    from quiz.words import plural

    store = open_progress("optimize", args.data_dir)
    if store is None:
        return 1
    if args.revert:
        if not optimize.revert(store):
            print("quiz optimize: nothing to revert to: the parameters were never optimized.")
            return 0
        print("Back to the parameters used before the last optimization.")
        return 0
    try:
        fit = optimize.fit(store, min_reviews=optimize.MIN_REVIEWS)
    except optimize.NotEnoughHistory as error:
        print(f"quiz optimize: {error}", file=sys.stderr)
        return NOT_ENOUGH
    print(f"Fitted to {plural(fit.reviews, 'review')} of {plural(fit.cards, 'card')}.\n")
    print(f"{'':<14}{'current':>10}{'fitted':>10}")
    print(f"{'log loss':<14}{fit.old_log_loss:>10.4f}{fit.new_log_loss:>10.4f}")
    print(f"{'RMSE (bins)':<14}{fit.old_rmse:>10.2%}{fit.new_rmse:>10.2%}")
    print("(lower is better: how far the predicted recall is from what you recalled)\n")
    if args.dry_run:
        print("Dry run: the current parameters are kept.")
    elif optimize.adopt(store, fit):
        print(
            "Your fitted parameters are used from now on; the previous ones are kept "
            "(quiz optimize --revert goes back)."
        )
    else:
        print("The fitted parameters predict your history no better: the current ones are kept.")
    return 0
