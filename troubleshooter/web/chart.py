"""The timeout timeline's chart: bars for the server-rendered SVG."""

from troubleshooter.engine import timeouts


def timeline_chart(verdict, width=640, left=200, row=34):
    """Bars for the server-rendered SVG: each layer's wait, where it ends and why."""
    end = max(verdict.end, 1) * 1.1
    scale = (width - left - 20) / end
    rows = []
    fired_at = verdict.first.timeout if verdict.first else None
    for index, item in enumerate(verdict.events):
        layer = item.layer
        limit = layer.timeout
        if layer is verdict.first:
            waits = fired_at
        elif layer.kind == "app":
            waits = verdict.work  # the application works on, whoever gave up
        else:
            waits = min(limit if limit is not None else end, fired_at or verdict.work)
        rows.append(
            {
                "y": 30 + index * row,
                "label": layer.label,
                "limit_x": left + limit * scale if limit is not None and limit <= end else None,
                "bar": max(waits * scale, 1),
                "fired": layer is verdict.first,
                "event": item,
            }
        )
    ticks = []
    step = next(s for s in (1, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200) if end / s <= 8)
    value = 0
    while value <= end:
        ticks.append(
            {"x": left + value * scale, "label": timeouts.seconds(value) if value else "0"}
        )
        value += step
    height = 30 + len(rows) * row + 10
    return {
        "width": width,
        "height": height,
        "left": left,
        "rows": rows,
        "ticks": ticks,
        "fired_x": left + fired_at * scale if fired_at is not None else None,
        "work_x": left + verdict.work * scale,
    }


WATERFALL_PHASES = ("blocked", "dns", "connect", "ssl", "send", "wait", "receive")
TICK_STEPS_MS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000,
                 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000)  # fmt: skip


def milliseconds(value):
    if value >= 1000:
        return f"{value / 1000:g} s" if value % 100 == 0 else f"{value / 1000:.1f} s"
    return f"{value:.0f} ms"


def waterfall_chart(entries, marked, width=760, left=250, row=24, top=26):
    """Bars for the server-rendered waterfall: one row per entry, each phase its own segment,
    the failing entries marked (in words too, not only in colour). `marked`: entry number ->
    the words to mark it with ("405", "no response")."""
    if not entries:
        return None
    start = min(entry.offset for entry in entries)
    end = max(max(entry.end, entry.offset + 1) for entry in entries)
    span = max(end - start, 1.0)
    room = width - left - 70  # space on the right for the status words
    scale = room / span
    rows = []
    for index, entry in enumerate(entries):
        x = left + (entry.offset - start) * scale
        segments = []
        for phase in WATERFALL_PHASES:
            ms = entry.phases.get(phase, 0.0)
            if ms <= 0:
                continue
            segment_width = max(ms * scale, 1.0)
            segments.append({"phase": phase, "x": x, "width": segment_width, "ms": ms})
            x += segment_width
        if not segments:  # no timings (a blocked request): its whole time, or a sliver
            segments.append(
                {"phase": "none", "x": x, "width": max(entry.time * scale, 2.0), "ms": entry.time}
            )
            x += segments[-1]["width"]
        label = entry.label
        rows.append(
            {
                "y": top + index * row,
                "entry": entry,
                "label": label if len(label) <= 36 else label[:35] + "…",
                "segments": segments,
                "end_x": x + 4,
                "mark": marked.get(entry.number, ""),
            }
        )
    ticks, value = [], 0.0
    step = next((s for s in TICK_STEPS_MS if span / s <= 6), TICK_STEPS_MS[-1])
    while value <= span + 0.001:
        ticks.append({"x": left + value * scale, "label": milliseconds(value) if value else "0"})
        value += step
    return {
        "width": width,
        "height": top + len(rows) * row + 8,
        "left": left,
        "rows": rows,
        "ticks": ticks,
        "row": row,
    }
