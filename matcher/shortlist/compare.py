"""Team options against the best one, in words a manager reads: points and pounds more.

An option's own score is what it adds to the year's plan and can be negative (a team that
evens out the group offices' shares lowers the S4 penalty elsewhere), which baffles; the
difference to the best option never is, and says what choosing another option costs.
"""

from __future__ import annotations

from matcher.rules import RULES

UNFILLED = "unfilled"


def difference_words(points_more: int, pounds_more: float, best_option: int) -> str:
    """'340 points more than option 1; expenses £120 more' (or '... £80 less')."""
    if points_more == 0 and abs(pounds_more) < 0.5:
        return f"as good as option {best_option}"
    money = "the same expenses"
    if abs(pounds_more) >= 0.5:
        money = f"expenses £{abs(pounds_more):,.0f} {'more' if pounds_more > 0 else 'less'}"
    return f"{points_more:,} points more than option {best_option}; {money}"


def option_headlines(options: list[tuple[int, int, float]]) -> dict[int, str]:
    """Per option number, its headline against the best, from (option, score, expenses)."""
    if not options:
        return {}
    best, best_score, best_pounds = min(options, key=lambda o: (o[1], o[0]))
    lines = {}
    for option, score, pounds in options:
        if option == best:
            lines[option] = f"the best option; expenses £{pounds:,.0f}"
        else:
            lines[option] = difference_words(score - best_score, pounds - best_pounds, best)
    return lines


def points_lines(points: dict[str, int]) -> list[dict]:
    """A team's points by rule as lines a manager reads, the largest cost first; rules
    with no points are left out. A negative amount is a bonus (S5-S7 earned): it is said
    as points less, never as a minus sign."""
    lines = []
    for code, value in sorted(points.items(), key=lambda item: (-item[1], item[0])):
        if value == 0:
            continue
        rule = RULES.get(code)
        name = rule.name if rule is not None else "seats left empty"
        if rule is None:
            words = f"{name}: {value:,} points"
        elif value > 0:
            words = f"{code} {name}: {value:,} points (counted per {rule.unit})"
        else:
            words = f"{code} {name}: {-value:,} points less (a bonus the team earns)"
        lines.append({"code": code, "rule": name, "points": value, "words": words})
    return lines
