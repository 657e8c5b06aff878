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
