"""Team options against the best one, in words a manager reads: points and pounds more.

An option's own score is what it adds to the year's plan and can be negative (a team that
evens out the group offices' shares lowers the S4 penalty elsewhere), which baffles; the
difference to the best option never is, and says what choosing another option costs.
"""

from __future__ import annotations


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
