"""Multiple-response scoring as properties over every key and response: bounded, monotone, never gamed."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from itembank.itemtypes import AnswerKey, score_response
from itembank.itemtypes.rules import MAX_OPTIONS


@st.composite
def items(draw):
    """A key over n options (2 to 26, at least one keyed) and a response choosing any subset of them."""
    n = draw(st.integers(min_value=2, max_value=MAX_OPTIONS))
    options = frozenset(range(1, n + 1))
    keyed = frozenset(draw(st.sets(st.sampled_from(sorted(options)), min_size=1)))
    chosen = frozenset(draw(st.sets(st.sampled_from(sorted(options)))))
    return options, keyed, chosen


def _credit(options, keyed, chosen, scoring="partial") -> Fraction:
    key = AnswerKey("multiple_response", keyed, options, {"scoring": scoring})
    return score_response(key, {"options": sorted(chosen)}).credit


@given(items())
def test_partial_credit_is_right_minus_wrong_floored_at_zero_and_never_above_full(item):
    options, keyed, chosen = item
    credit = _credit(options, keyed, chosen)
    assert isinstance(credit, Fraction)
    assert 0 <= credit <= 1
    assert credit == max(Fraction(0), Fraction(len(chosen & keyed) - len(chosen - keyed), len(keyed)))
    assert (credit == 1) is (chosen == keyed)


@given(items())
def test_choosing_everything_never_beats_the_key(item):
    options, keyed, _chosen = item
    everything = _credit(options, keyed, options)
    assert everything <= _credit(options, keyed, keyed) == 1
    if keyed != options:
        assert everything < 1


@given(items(), st.data())
def test_adding_a_wrong_choice_never_raises_credit_and_adding_a_right_one_never_lowers_it(item, data):
    options, keyed, chosen = item
    credit = _credit(options, keyed, chosen)
    unchosen = sorted(options - chosen)
    if unchosen:
        extra = data.draw(st.sampled_from(unchosen))
        more = _credit(options, keyed, chosen | {extra})
        assert more >= credit if extra in keyed else more <= credit


@given(items())
def test_all_or_nothing_is_full_for_the_exact_key_only_and_never_above_partial(item):
    options, keyed, chosen = item
    strict = _credit(options, keyed, chosen, "all_or_nothing")
    assert strict == (1 if chosen == keyed else 0)
    assert strict <= _credit(options, keyed, chosen)


@given(items())
def test_no_spec_means_partial_credit(item):
    options, keyed, chosen = item
    key = AnswerKey("multiple_response", keyed, options)
    assert score_response(key, {"options": sorted(chosen)}).credit == _credit(options, keyed, chosen)
