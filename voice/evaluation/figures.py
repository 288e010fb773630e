"""The figures a hospital asks for, each with its 95 % confidence interval."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scipy.stats import beta

from voice.evaluation.cases import Case
from voice.evaluation.scoring import ALARMS, Outcome, allows_alarm, expects_alarm, is_question, is_unanswerable

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Proportion:
    """k of n, with an exact (Clopper-Pearson) interval: small sets must not look precise."""

    k: int
    n: int

    @property
    def value(self) -> float | None:
        return self.k / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        if not self.n:
            return None
        alpha = 1 - CONFIDENCE
        low = 0.0 if self.k == 0 else float(beta.ppf(alpha / 2, self.k, self.n - self.k + 1))
        high = 1.0 if self.k == self.n else float(beta.ppf(1 - alpha / 2, self.k + 1, self.n - self.k))
        return low, high

    def __str__(self) -> str:
        interval, value = self.interval, self.value
        if interval is None or value is None:  # no cases
            return "n/a (no cases)"
        low, high = interval
        return f"{self.k}/{self.n} = {100 * value:.1f} % (95 % CI {100 * low:.1f}-{100 * high:.1f} %)"


def _share(outcomes: Sequence[Outcome], chosen: Callable[[Case], bool], good: Callable[[Outcome], bool]) -> Proportion:
    picked = [o for o in outcomes if chosen(o.case)]
    return Proportion(sum(1 for o in picked if good(o)), len(picked))


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


@dataclass(frozen=True)
class Figures:
    emergency_recall: Proportion
    gp_recall: Proportion
    false_alarms_in_domain: Proportion
    false_alarms_out_of_domain: Proportion
    questions_right: Proportion
    unanswerable_honest: Proportion
    controls_right: Proportion
    latency_median: float | None
    latency_p95: float | None
    real_time_factor: float | None
    unusable_audio: int

    @property
    def emergency_miss_upper(self) -> float | None:
        interval = self.emergency_recall.interval
        return 1 - interval[0] if interval else None

    @property
    def gp_miss_upper(self) -> float | None:
        interval = self.gp_recall.interval
        return 1 - interval[0] if interval else None

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> Figures:
        audio = [o for o in outcomes if o.audio_seconds > 0]
        latencies = [o.seconds for o in outcomes]
        return cls(
            emergency_recall=_share(outcomes, lambda c: expects_alarm(c, "emergency"), lambda o: o.first_ok),
            gp_recall=_share(outcomes, lambda c: expects_alarm(c, "gp"), lambda o: o.first_kind in ALARMS),
            false_alarms_in_domain=_share(
                outcomes, lambda c: not allows_alarm(c) and not c.must_not_kind, lambda o: o.alarmed
            ),
            false_alarms_out_of_domain=_share(
                outcomes, lambda c: any(k in ALARMS for k in c.must_not_kind), lambda o: o.forbidden
            ),
            questions_right=_share(outcomes, is_question, lambda o: o.right),
            unanswerable_honest=_share(outcomes, is_unanswerable, lambda o: o.first_ok and not o.gave_leaflet_answer),
            controls_right=_share(outcomes, lambda c: c.first_kind == ("control",), lambda o: o.first_ok),
            latency_median=statistics.median(latencies) if latencies else None,
            latency_p95=_percentile(latencies, 0.95),
            real_time_factor=(sum(o.seconds for o in audio) / sum(o.audio_seconds for o in audio) if audio else None),
            unusable_audio=sum(1 for o in outcomes if o.error),
        )
