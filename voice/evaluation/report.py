"""The evaluation report: Markdown and HTML with the same tables, plots beside them."""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from voice.evaluation.figures import Figures, Proportion
from voice.evaluation.scoring import Outcome

Table = tuple[list[str], list[list[str]]]


@dataclass(frozen=True)
class Group:
    engine: str
    condition: str
    outcomes: list[Outcome]

    @property
    def figures(self) -> Figures:
        return Figures.of(self.outcomes)


def groups(outcomes: Sequence[Outcome]) -> list[Group]:
    by_key: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_key[(outcome.engine, outcome.case.condition)].append(outcome)
    return [Group(engine, condition, items) for (engine, condition), items in by_key.items()]


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def figures_table(parts: Sequence[Group]) -> Table:
    rows = []
    for g in parts:
        f = g.figures
        rows.append(
            [
                g.engine,
                g.condition,
                str(len(g.outcomes)),
                str(f.emergency_recall),
                _percent(f.emergency_miss_upper),
                str(f.gp_recall),
                _percent(f.gp_miss_upper),
                str(f.false_alarms_in_domain),
                str(f.false_alarms_out_of_domain),
                str(f.questions_right),
                str(f.unanswerable_honest),
                str(f.controls_right),
                _seconds(f.latency_median),
                _seconds(f.latency_p95),
                "n/a" if f.real_time_factor is None else f"{f.real_time_factor:.2f}",
                str(f.unusable_audio),
            ]
        )
    header = [
        "engine",
        "condition",
        "cases",
        "emergency recall",
        "emergency miss rate, upper bound",
        "GP recall",
        "GP miss rate, upper bound",
        "false alarms (in domain)",
        "false alarms (real out-of-domain speech)",
        "questions right",
        "not covered / not a question, handled honestly",
        "controls right",
        "latency median",
        "latency p95",
        "real-time factor",
        "unusable audio",
    ]
    return header, rows


def confusion_table(outcomes: Sequence[Outcome]) -> Table:
    """Expected first kind (and topic, for answers) against the first response given."""
    counts: Counter[tuple[str, str]] = Counter()
    for o in outcomes:
        counts[("|".join(o.case.first_kind), _given(o))] += 1
    expected = sorted({e for e, _ in counts})
    given = sorted({g for _, g in counts})
    return ["expected \\ given"] + given, [[e] + [str(counts[(e, g)] or "") for g in given] for e in expected]


def _given(o: Outcome) -> str:
    return o.first_kind if o.first_kind != "answer" else f"answer: {o.first_topic}"


def failures_table(outcomes: Sequence[Outcome]) -> Table:
    rows = [
        [
            o.case.id,
            o.engine,
            o.case.condition,
            "|".join(o.case.first_kind),
            o.case.text,
            o.heard,
            _given(o),
            o.error or o.cause or "",
        ]
        for o in outcomes
        if not o.right
    ]
    return ["id", "engine", "condition", "expected", "said", "heard", "first response", "cause"], rows


def _markdown(table: Table) -> str:
    header, rows = table

    def cell(text: object) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _html(table: Table) -> str:
    header, rows = table
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _plots(parts: Sequence[Group], outcomes: Sequence[Outcome], folder: Path) -> list[tuple[str, str]]:
    """Accuracy against SNR and the latency distribution, as PNG; none without matplotlib."""
    try:
        import matplotlib
    except ImportError:
        return []
    matplotlib.use("Agg")
    from matplotlib import pyplot

    made = []
    series: dict[str, list[tuple[float, float | None, float | None]]] = defaultdict(list)
    clean: dict[str, tuple[float | None, float | None]] = {}
    for g in parts:
        f = g.figures
        questions, emergencies = f.questions_right.value, f.emergency_recall.value
        if g.condition == "clean":
            clean[g.engine] = (questions, emergencies)
        elif g.outcomes[0].case.snr_db is not None:
            noise = g.outcomes[0].case.noise
            series[f"{g.engine}, {noise}"].append((g.outcomes[0].case.snr_db, questions, emergencies))
    if series:
        figure, axes = pyplot.subplots(1, 2, figsize=(11, 4), sharey=True)
        for label, points in sorted(series.items()):
            points.sort()
            snrs = [p[0] for p in points]
            for axis, index in ((axes[0], 1), (axes[1], 2)):
                axis.plot(
                    snrs, [p[index] if p[index] is not None else float("nan") for p in points], marker="o", label=label
                )
        for engine, (questions, emergencies) in clean.items():
            axes[0].axhline(
                questions if questions is not None else float("nan"), linestyle=":", label=f"{engine}, clean"
            )
            axes[1].axhline(
                emergencies if emergencies is not None else float("nan"), linestyle=":", label=f"{engine}, clean"
            )
        for axis, title in ((axes[0], "questions answered right"), (axes[1], "emergency red flags caught")):
            axis.set_title(title)
            axis.set_xlabel("SNR (dB)")
            axis.set_ylim(0, 1.05)
            axis.grid(alpha=0.3)
        axes[0].legend(fontsize=8)
        figure.tight_layout()
        figure.savefig(folder / "accuracy_vs_snr.png", dpi=100)
        pyplot.close(figure)
        made.append(("accuracy_vs_snr.png", "Accuracy against SNR"))
    latencies: dict[str, list[float]] = defaultdict(list)
    for o in outcomes:
        latencies[o.engine].append(o.seconds)
    figure, axis = pyplot.subplots(figsize=(6, 3.5))
    for engine, values in sorted(latencies.items()):
        axis.hist(values, bins=30, alpha=0.6, label=engine)
    axis.set_xlabel("seconds from end of speech to responses")
    axis.set_ylabel("cases")
    axis.legend()
    figure.tight_layout()
    figure.savefig(folder / "latency.png", dpi=100)
    pyplot.close(figure)
    made.append(("latency.png", "Latency distribution"))
    return made


def write(outcomes: Sequence[Outcome], folder: Path, title: str) -> list[Path]:
    """Writes report.md, report.html, outcomes.jsonl and the plots; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = groups(outcomes)
    plots = _plots(parts, outcomes, folder)
    sections = [
        (
            "Figures",
            figures_table(parts),
            "Each proportion with its exact 95 % (Clopper-Pearson) interval. Emergency recall: the first "
            "response is the emergency warning. GP recall: the first response is a warning (the emergency "
            "one, more urgent, counts too). The miss-rate upper bound is 1 minus the interval's lower end.",
        ),
        ("Expected against given first response", confusion_table(outcomes), ""),
        (
            "Cases not handled right",
            failures_table(outcomes),
            "Cause, for recordings: 'recognition' if the same words typed are handled right, 'understanding' if not.",
        ),
    ]
    md = [f"# {title}", ""]
    page = [
        f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:13px}"
        "td,th{border:1px solid #bbb;padding:3px 6px;text-align:left}</style>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    for heading, table, note in sections:
        md += [f"## {heading}", "", note, "", _markdown(table), ""]
        page += [f"<h2>{html.escape(heading)}</h2>", f"<p>{html.escape(note)}</p>", _html(table)]
    if plots:
        md += ["## Plots", ""] + [f"![{caption}]({name})" for name, caption in plots]
        page += ["<h2>Plots</h2>"] + [f"<img src='{name}' alt='{html.escape(caption)}'>" for name, caption in plots]
    else:
        md += ["(No plots: matplotlib is not installed; `pip install folderstem[eval]`.)"]
    (folder / "report.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    (folder / "report.html").write_text("\n".join(page) + "\n", encoding="utf-8")
    with (folder / "outcomes.jsonl").open("w", encoding="utf-8") as out:
        for o in outcomes:
            out.write(
                json.dumps(
                    {
                        "id": o.case.id,
                        "engine": o.engine,
                        "condition": o.case.condition,
                        "said": o.case.text,
                        "heard": o.heard,
                        "responses": list(o.responses),
                        "right": o.right,
                        "cause": o.cause,
                        "seconds": round(o.seconds, 4),
                        "error": o.error,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    return [folder / "report.md", folder / "report.html", folder / "outcomes.jsonl"] + [folder / n for n, _ in plots]


def summary(outcomes: Sequence[Outcome]) -> list[str]:
    """A few lines for the terminal."""
    lines = []
    for g in groups(outcomes):
        f = g.figures
        lines.append(f"{g.engine}, {g.condition}: {len(g.outcomes)} cases")
        for name, value in (
            ("emergency recall", f.emergency_recall),
            ("GP recall", f.gp_recall),
            ("questions right", f.questions_right),
            ("false alarms in domain", f.false_alarms_in_domain),
            ("false alarms, real out-of-domain", f.false_alarms_out_of_domain),
            ("not covered handled honestly", f.unanswerable_honest),
        ):
            if isinstance(value, Proportion) and value.n:
                lines.append(f"  {name}: {value}")
    return lines
