"""The spam filter learns from the real queue actions and decides at posting (issue 17)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.spam.learning import comment_tokens
from blogapp.spam.scoring import judge
from blogapp.spam.store import counts_for, totals
from blogapp.storage.models import Comment, CommentStatus, Role, SpamToken

from helpers.forms import HIDDEN_FIELD
from helpers.statements import counted_statements

PENDING, APPROVED, SPAM, TRASH = (
    CommentStatus.PENDING, CommentStatus.APPROVED, CommentStatus.SPAM, CommentStatus.TRASH
)
LABELLED = Path(__file__).parents[1] / "data" / "spam_comments.jsonl"
EXAMPLES = [json.loads(line) for line in LABELLED.read_text().splitlines()]
SPAMMY = "Win free spins at the best online casino, huge bonus, play slots now https://spin-win.example.com"
GENUINE = "Thank you for the article, I shared it with my colleagues and we talked about what our office keeps."


@pytest.fixture
def moderator(make, sign_in):
    user = make.user("mia", Role.MODERATOR)
    sign_in("mia")
    return user


@pytest.fixture
def article(make):
    return make.article(title="Privacy notes")


def queue_action(post_form, action: str, comments: list[Comment], tab: str) -> None:
    """Tick ``comments`` in the queue tab ``tab`` and press ``action``, as a moderator does."""
    response = post_form(f"/moderation/?tab={tab}", "/moderation/bulk",
                         {"action": action, "ids": [str(c.id) for c in comments], "tab": tab, "page": "1"})
    assert response.status_code == 303


def teach(make, post_form, article, spam: int = 30, ham: int = 30) -> None:
    """Let the moderator decide the first ``spam`` spam and ``ham`` genuine comments of the labelled set."""
    chosen = [e for e in EXAMPLES if e["spam"]][:spam] + [e for e in EXAMPLES if not e["spam"]][:ham]
    made = [(make.comment(article, e["text"], author_name=e["name"], author_email=e["email"], status=PENDING), e)
            for e in chosen]
    queue_action(post_form, "spam", [c for c, e in made if e["spam"]], "pending")
    queue_action(post_form, "approve", [c for c, e in made if not e["spam"]], "pending")


@pytest.fixture
def post_comment(app):
    """A reader's comment, from a browser of their own (the moderator's would count as staff)."""
    reader = app.test_client()

    def post(article, **fields):
        page = reader.get(f"/articles/{article.slug}/").get_data(as_text=True)
        data = {"name": "Reader", "email": "reader@example.org", **dict(HIDDEN_FIELD.findall(page)), **fields}
        response = reader.post(f"/articles/{article.slug}/comments", data=data)
        assert response.status_code == 303, response.get_data(as_text=True)

    return post


def posted(post_comment, article, body: str, **fields) -> Comment:
    post_comment(article, body=body, **fields)
    db.session.expire_all()
    return db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()


def snapshot() -> dict[str, tuple[int, int]]:
    db.session.expire_all()
    rows = db.session.scalars(select(SpamToken)).all()
    return {row.token: (row.spam, row.ham) for row in rows if row.spam or row.ham}


def test_queue_decisions_teach_the_filter_and_posting_scores_with_it(make, post_form, post_comment, moderator,
                                                                     article):
    before_spammy = posted(post_comment, article, SPAMMY, name="Lucky", email="lucky@example.net")
    assert before_spammy.spam_score == pytest.approx(0.5)
    teach(make, post_form, article)
    assert (totals().spam, totals().ham) == (30, 30)
    spammy = posted(post_comment, article, SPAMMY + " again", name="Lucky", email="lucky@example.net")
    genuine = posted(post_comment, article, GENUINE, name="Ruth", email="ruth@example.org")
    assert spammy.spam_score > 0.9
    assert genuine.spam_score < 0.1
    assert spammy.status == SPAM
    score, tokens = re.fullmatch(r"spam score ([01]\.\d\d): (.+)", spammy.held_reason).groups()
    assert float(score) == pytest.approx(spammy.spam_score, abs=0.005)
    # The 3 to 5 tokens that weighed most, each one of this comment's.
    assert 3 <= len(tokens.split(", ")) <= 5
    assert set(tokens.split(", ")) <= set(comment_tokens(spammy))
    # The classifier never approves: a clearly genuine comment still waits for a moderator.
    assert (genuine.status, genuine.held_reason) == (PENDING, "new comments wait for a moderator")


@pytest.mark.parametrize("first,first_tab,correction,correction_tab", [
    ("approve", "pending", "unapprove", "approved"),
    ("spam", "pending", "restore", "spam"),
])
def test_a_correction_unlearns_exactly_what_was_learnt(make, post_form, moderator, article,
                                                       first, first_tab, correction, correction_tab):
    teach(make, post_form, article, spam=5, ham=5)
    learnt_before = snapshot()
    comment = make.comment(article, "A brand new zebra sentence", status=PENDING)
    queue_action(post_form, first, [comment], first_tab)
    lesson = 0 if first == "spam" else 1
    assert snapshot()["zebra"][lesson] == 1
    queue_action(post_form, correction, [comment], correction_tab)
    assert snapshot() == learnt_before
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).spam_trained == ""


def test_approving_from_spam_moves_the_lesson_from_spam_to_genuine(make, post_form, moderator, article):
    comment = make.comment(article, "Meet the zebra crossing club", status=PENDING)
    queue_action(post_form, "spam", [comment], "pending")
    assert snapshot()["zebra"] == (1, 0)
    queue_action(post_form, "approve", [comment], "spam")
    assert snapshot()["zebra"] == (0, 1)
    assert (totals().spam, totals().ham) == (0, 1)
    # The trash keeps what was learnt; approving again from there teaches nothing twice.
    queue_action(post_form, "trash", [comment], "approved")
    queue_action(post_form, "approve", [comment], "trash")
    assert snapshot()["zebra"] == (0, 1)


def test_a_moderators_edit_trains_as_edited(make, post_form, client, moderator, article):
    comment = make.comment(article, "The giraffe paragraph was wrong", status=PENDING)
    queue_action(post_form, "approve", [comment], "pending")
    assert snapshot()["giraffe"] == (0, 1)
    response = post_form(f"/moderation/comments/{comment.id}/", f"/moderation/comments/{comment.id}/edit",
                         {"edit-body": "The okapi paragraph was wrong", "edit-tab": "approved", "edit-page": "1"})
    assert response.status_code == 303
    learnt = snapshot()
    assert "giraffe" not in learnt
    assert learnt["okapi"] == (0, 1)
    assert (totals().spam, totals().ham) == (0, 1)


def test_staff_comments_never_train_it(make, client, post_form, moderator, article):
    parent = make.comment(article, "A reader asks about the walrus", status=PENDING)
    response = post_form(f"/moderation/comments/{parent.id}/", f"/moderation/comments/{parent.id}/reply",
                         {"reply-body": "Staff answer about the narwhal", "reply-tab": "pending", "reply-page": "1"})
    assert response.status_code == 303
    staff_reply = db.session.scalars(select(Comment).where(Comment.from_staff.is_(True))).one()
    queue_action(post_form, "spam", [staff_reply], "approved")
    queue_action(post_form, "approve", [staff_reply], "spam")
    page = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    response = client.post(f"/articles/{article.slug}/comments", data={
        **dict(HIDDEN_FIELD.findall(page)), "name": "mia", "email": "mia@example.org",
        "body": "A signed-in moderator writes about the narwhal"})
    assert response.status_code == 303
    assert db.session.scalars(select(Comment.from_staff).order_by(Comment.id.desc())).first() is True
    learnt = snapshot()
    assert "narwhal" not in learnt
    # The reader's comment, approved with the reply, did teach.
    assert learnt["walrus"] == (0, 1)


def test_cold_start_only_reports_scores(app, make, post_form, post_comment, moderator, article):
    teach(make, post_form, article, spam=19, ham=30)
    early = posted(post_comment, article, SPAMMY, name="Lucky", email="lucky@example.net")
    assert early.spam_score > 0.9
    assert (early.status, early.held_reason) == (PENDING, "new comments wait for a moderator")
    one_more = make.comment(article, EXAMPLES[19]["text"], status=PENDING)
    queue_action(post_form, "spam", [one_more], "pending")
    later = posted(post_comment, article, SPAMMY + " today", name="Lucky", email="lucky@example.net")
    assert later.status == SPAM


def test_the_threshold_decides(app, make, post_form, post_comment, moderator, article):
    teach(make, post_form, article)
    app.config["SPAM_THRESHOLD"] = 1.01
    above_nothing = posted(post_comment, article, SPAMMY, name="Lucky", email="lucky@example.net")
    assert above_nothing.status == PENDING
    # The same comment on another article scores the same: exactly the threshold is enough.
    app.config["SPAM_THRESHOLD"] = above_nothing.spam_score
    at_threshold = posted(post_comment, make.article(title="Elsewhere"), SPAMMY, name="Lucky",
                          email="lucky@example.net")
    assert at_threshold.spam_score == above_nothing.spam_score
    assert at_threshold.status == SPAM


def test_a_spam_verdict_wins_over_a_hold(app, make, post_form, post_comment, moderator, article):
    teach(make, post_form, article)
    app.config["COMMENT_MODERATION_WORDS"] = ["bonus"]
    comment = posted(post_comment, article, SPAMMY + " https://a.example.org https://b.example.org",
                     name="Lucky", email="lucky@example.net")
    assert comment.status == SPAM
    assert comment.held_reason.startswith("spam score ")


def test_the_queue_shows_scores_and_sorts_the_spam_tab_by_score(client, post_form, make, moderator, article):
    sure = make.comment(article, "Sure spam", status=SPAM, spam_score=0.999)
    doubtful = make.comment(article, "Doubtful", status=SPAM, spam_score=0.91)
    unscored = make.comment(article, "From before the filter", status=SPAM)
    newest_first = client.get("/moderation/?tab=spam").get_data(as_text=True)
    assert re.findall(r'id="queued-(\d+)"', newest_first) == [str(unscored.id), str(doubtful.id), str(sure.id)]
    assert re.findall(r'class="spam-score">([^<]+)<', newest_first) == ["not scored", "0.91", "1.00"]
    by_score = client.get("/moderation/?tab=spam&sort=score").get_data(as_text=True)
    assert re.findall(r'id="queued-(\d+)"', by_score) == [str(doubtful.id), str(sure.id), str(unscored.id)]
    assert "lowest spam score first" in by_score
    # Rescuing one returns to the same order.
    response = post_form("/moderation/?tab=spam&sort=score", f"/moderation/comments/{doubtful.id}/approve",
                         {"tab": "spam", "page": "1", "sort": "score"})
    assert response.headers["Location"] == "/moderation/?tab=spam&page=1&sort=score"
    assert client.get("/moderation/?tab=spam&sort=nonsense").status_code == 404


def test_spam_train_learns_again_from_every_decided_comment(runner, make, article):
    for example in EXAMPLES[:3] + EXAMPLES[30:35]:
        make.comment(article, example["text"], status=SPAM if example["spam"] else APPROVED)
    make.comment(article, "Still waiting for a moderator", status=PENDING)
    make.comment(article, "A staff note on the pelican", status=APPROVED, from_staff=True)
    result = runner.invoke(args=["spam", "train"])
    assert result.exit_code == 0, result.output
    assert "Learnt from 3 spam and 5 genuine comments." in result.output
    assert "pelican" not in snapshot()
    assert counts_for(["casino"])[1]["casino"].spam == 1
    # Run again: the same counts, not doubled.
    runner.invoke(args=["spam", "train"])
    assert (totals().spam, totals().ham) == (3, 5)
    trained = db.session.scalars(select(Comment.spam_trained).order_by(Comment.id)).all()
    assert trained == ["spam"] * 3 + ["ham"] * 5 + ["", ""]


def test_spam_evaluate_prints_precision_recall_and_false_positives(runner, tmp_path):
    result = runner.invoke(args=["spam", "evaluate", str(LABELLED), "--folds", "3"])
    assert result.exit_code == 0, result.output
    assert "30 spam, 30 genuine, 3-fold cross-validation" in result.output
    assert "precision" in result.output and "recall" in result.output and "false positives" in result.output
    rows = [line.split() for line in result.output.splitlines() if re.match(r"\s+0\.\d{3}\s", line)]
    assert [row[0] for row in rows] == ["0.500", "0.600", "0.700", "0.800", "0.850", "0.900", "0.950", "0.970",
                                        "0.980", "0.990", "0.995"]
    # Every row: precision, recall and false positives as percentages, then "N of 30".
    assert all(len(row) == 7 and row[1].endswith("%") and row[-1] == "30" for row in rows)
    assert "Lowest threshold sending at most 1 genuine comment in 200 to spam: 0.500 (catches" in result.output
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "fine", "spam": true}\n{"text": "no label"}\n')
    result = runner.invoke(args=["spam", "evaluate", str(broken)])
    assert result.exit_code == 1
    assert "line 2" in result.output
    assert runner.invoke(args=["spam", "evaluate", str(tmp_path / "missing.jsonl")]).exit_code == 2


def test_scoring_is_one_query_however_long_the_comment_or_large_the_store(make, post_form, moderator, article):
    teach(make, post_form, article)
    long_comment = Comment(body_raw=" ".join(f"word{n}" for n in range(3000)), author_name="Reader",
                           author_email="reader@example.org", author_url="https://a.example.org")
    for comment in (Comment(body_raw=SPAMMY, author_name="Lucky", author_email="", author_url=""), long_comment):
        db.session.connection()  # posting scores inside its open transaction
        with counted_statements() as statements:
            judge(comment, 20)
        assert len(statements) == 1
        assert "spam_tokens" in statements[0]


def test_an_authors_edit_takes_back_the_lesson_until_a_moderator_decides_again(app, post_form, moderator, article):
    reader = app.test_client()
    page = reader.get(f"/articles/{article.slug}/").get_data(as_text=True)
    response = reader.post(f"/articles/{article.slug}/comments", data={
        **dict(HIDDEN_FIELD.findall(page)), "name": "Ruth", "email": "ruth@example.org", "body": "The marmot tpyo"})
    thanks = reader.get(response.headers["Location"]).get_data(as_text=True)
    [address] = re.findall(r'<a href="(/comments/[^"/]+/)">Your comment', thanks)
    comment = db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()
    queue_action(post_form, "approve", [comment], "pending")
    assert snapshot()["tpyo"] == (0, 1)
    edited = reader.post(address + "edit", data={"body": "The marmot typo, fixed"},
                         headers={"Origin": reader.site_origin})
    assert edited.status_code == 303
    assert snapshot() == {}
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).spam_trained == ""
    assert db.session.get(Comment, comment.id).spam_score is not None
