"""``flask spam train`` and ``flask spam evaluate FILE.jsonl``: the spam filter's commands."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select, update

from ..extensions import db
from ..spam import store
from ..spam.evaluation import THRESHOLDS, cross_validate, lowest_threshold_within_aim, rates, read_examples
from ..spam.learning import LESSON, Lessons
from ..spam.tokens import tokenise
from ..storage.models import Comment, CommentStatus

BATCH = 2000


@click.group("spam")
def spam() -> None:
    """The spam filter that learns from the moderators (docs/spam.md)."""


@spam.command("train")
@with_appcontext
def train() -> None:
    """Forget what the filter learnt and learn again from every approved and spam comment."""
    store.forget_everything()
    db.session.execute(update(Comment).values(spam_trained=""))
    lessons = Lessons()
    query = select(Comment.body_raw, Comment.author_name, Comment.author_email, Comment.author_url,
                   Comment.status).where(Comment.status.in_([CommentStatus.APPROVED, CommentStatus.SPAM]),
                                         Comment.from_staff.is_(False))
    for body, name, email, website, status in db.session.execute(query.execution_options(yield_per=BATCH)):
        lessons.count(tokenise(body, name, email, website), LESSON[status], lessons.learnt)
    lessons.write()
    for status in (CommentStatus.APPROVED, CommentStatus.SPAM):
        db.session.execute(update(Comment).where(Comment.status == status, Comment.from_staff.is_(False))
                           .values(spam_trained=LESSON[status]))
    db.session.commit()
    totals = store.totals()
    click.echo(f"Learnt from {totals.spam} spam and {totals.ham} genuine comments.")


@spam.command("evaluate")
@click.argument("labelled", type=click.File(encoding="utf-8"))
@click.option("--folds", default=5, show_default=True, type=click.IntRange(2, 100), help="How many folds.")
@click.option("--seed", default=0, show_default=True, help="Seed of the shuffle, to repeat a run.")
def evaluate(labelled, folds: int, seed: int) -> None:
    """K-fold evaluation on LABELLED, a JSON Lines file of {"text": ..., "spam": true|false}."""
    try:
        examples = read_examples(labelled)
    except ValueError as error:
        raise click.ClickException(f"{labelled.name}: {error}") from None
    spam_count = sum(e.spam for e in examples)
    if spam_count < folds or len(examples) - spam_count < folds:
        raise click.ClickException(f"{labelled.name}: needs at least {folds} spam and {folds} genuine examples.")
    scored = cross_validate(examples, folds, seed)
    click.echo(f"{spam_count} spam, {len(examples) - spam_count} genuine, {folds}-fold cross-validation\n")
    click.echo(f"{'threshold':>9}  {'precision':>9}  {'recall':>7}  {'false positives':>15}  genuine sent to spam")
    for threshold in THRESHOLDS:
        r = rates(scored, threshold)
        click.echo(f"{threshold:>9.3f}  {r.precision:>9.2%}  {r.recall:>7.2%}  {r.false_positive_rate:>15.2%}"
                   f"  {r.genuine_sent} of {r.genuine_total}")
    best = lowest_threshold_within_aim(scored)
    if best is None:
        click.echo("\nNo threshold keeps genuine comments sent to spam to 1 in 200.")
    else:
        click.echo(f"\nLowest threshold sending at most 1 genuine comment in 200 to spam: {best.threshold:.3f}"
                   f" (catches {best.recall:.1%} of spam).")

