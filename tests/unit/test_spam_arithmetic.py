"""The spam filter's tokens and its Robinson–Fisher arithmetic, without an app."""

from __future__ import annotations

import math

import pytest

from blogapp.spam.combining import Counts, chi2_survival, combine, token_probability
from blogapp.spam.tokens import MAX_TOKENS, tokenise


def test_tokens_keep_words_hosts_markup_and_sender_fields_apart():
    tokens = tokenise('Cheap <a href="https://shop.pills.example.com/x">pills</a> [url=http://a.example]x[/url]',
                      name="Cheap Pills", email="bot@spam.example", website="www.pills.example.com")
    assert {"cheap", "pills", "url:shop.pills.example.com", "url-domain:example.com", "tag:a", "bbcode:url",
            "name:cheap", "email:@spam.example", "website:www.pills.example.com", "links:2"} <= set(tokens)
    # Markup and addresses are not words.
    assert "href" not in tokens and "https" not in tokens


def test_long_words_and_cjk_become_tokens_the_store_can_hold():
    tokens = tokenise("x" * 300 + " 東京の天気 ok")
    assert "skip:x 300" in tokens
    assert {"東", "京", "天", "気"} <= set(tokens)
    assert all(len(token) <= 64 and "*" not in token for token in tokenise("*" * 100 + " a*b " + "y" * 80))


def test_a_long_comment_is_cut_to_a_bounded_number_of_tokens():
    assert len(tokenise(" ".join(f"word{n}" for n in range(5000)))) == MAX_TOKENS


def test_a_token_probability_leans_to_one_half_when_rarely_seen():
    totals = Counts(spam=100, ham=100)
    assert token_probability(Counts(), totals) == 0.5
    once, often = token_probability(Counts(spam=1), totals), token_probability(Counts(spam=50), totals)
    assert 0.5 < once < often < 1
    assert token_probability(Counts(ham=50), totals) == pytest.approx(1 - often)


def test_chi_square_survival_matches_the_closed_form():
    # With 2 degrees of freedom P(X >= x) = exp(-x/2); with 4, exp(-x/2) (1 + x/2).
    assert chi2_survival(3.0, 2) == pytest.approx(math.exp(-1.5))
    assert chi2_survival(3.0, 4) == pytest.approx(math.exp(-1.5) * 2.5)


def test_combining_clear_clues_is_decisive_and_mixed_clues_are_unsure():
    assert combine([0.99] * 10) > 0.99
    assert combine([0.01] * 10) < 0.01
    assert combine([0.99, 0.01] * 5) == pytest.approx(0.5)
    assert combine([]) == 0.5
