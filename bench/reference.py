"""The exports' rows in plain SQL, for the tools we measure ourselves against: PostgreSQL's COPY
and Datasette. Same columns, same order, same current-position rule (latest non-retracted by
date stated, else the source's date, undated last; then recorded_at, then id). Not done here:
neutralising formula-like cells and the BOM, which only the tracker's CSV has."""

from tracker.models import PARTY_KIND_ORDER

_RANKED = """
    SELECT p.id, p.party_id, p.provision_id, p.stance,
           row_number() OVER (
               PARTITION BY p.party_id, p.provision_id
               ORDER BY COALESCE(p.stated_on, s.published_on) DESC NULLS LAST,
                        p.recorded_at DESC, p.id DESC
           ) AS rank
    FROM tracker_position p
    JOIN tracker_excerpt e ON e.id = p.excerpt_id
    JOIN tracker_source s ON s.id = e.source_id
    WHERE p.retracted_at IS NULL
"""


def _timestamp(vendor, column):
    if vendor == "postgresql":
        return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
    return f"strftime('%Y-%m-%dT%H:%M:%SZ', {column})"


def positions_sql(vendor, base_url):
    base_url = base_url.rstrip("/").replace("'", "''")
    return f"""
WITH current_position AS (SELECT id FROM ({_RANKED}) ranked WHERE rank = 1)
SELECT p.id AS position_id, pa.code AS party_code, pa.name AS party_name,
       pr.slug AS provision_slug, pr.title AS provision_title, p.stance,
       CASE WHEN c.id IS NULL THEN 'false' ELSE 'true' END AS is_current,
       p.stated_on, p.speaker, p.attribution, p.summary, e.exact AS quote,
       s.title AS source_title, s.outlet AS source_outlet, s.url AS source_url,
       s.published_on AS source_published_on, e.start AS excerpt_start, e."end" AS excerpt_end,
       {_timestamp(vendor, "p.recorded_at")} AS recorded_at,
       {_timestamp(vendor, "p.retracted_at")} AS retracted_at,
       p.retraction_reason,
       '{base_url}/sources/' || s.id || '/#excerpt-' || e.id AS permalink,
       CASE WHEN v.id IS NULL THEN NULL ELSE d.slug || '/' || v.number END AS refers_to_version,
       CASE WHEN v.id IS NULL THEN NULL WHEN p.wording_changed THEN 'true' ELSE 'false' END
           AS text_changed_since,
       CASE WHEN p.stated_on IS NULL THEN NULL ELSE p.date_precision END AS stated_on_precision,
       CASE WHEN s.published_on IS NULL THEN NULL ELSE s.date_precision END
           AS source_published_on_precision
FROM tracker_position p
JOIN tracker_party pa ON pa.id = p.party_id
JOIN tracker_provision pr ON pr.id = p.provision_id
JOIN tracker_excerpt e ON e.id = p.excerpt_id
JOIN tracker_source s ON s.id = e.source_id
LEFT JOIN current_position c ON c.id = p.id
LEFT JOIN tracker_version v ON v.id = p.refers_to_id
LEFT JOIN tracker_draft d ON d.id = v.draft_id
ORDER BY p.id
"""


def matrix_sql(provisions):
    """`provisions`: [(id, slug)] in display order."""
    kind_rank = " ".join(f"WHEN '{kind}' THEN {n}" for n, kind in enumerate(PARTY_KIND_ORDER))
    cells = ",\n       ".join(
        f'MAX(CASE WHEN c.provision_id = {pk} THEN c.stance END) AS "{slug}"'
        for pk, slug in provisions
    )
    return f"""
WITH current_position AS (SELECT * FROM ({_RANKED}) ranked WHERE rank = 1)
SELECT pa.code AS party_code, pa.name AS party_name, pa.kind AS party_kind,
       {cells}
FROM tracker_party pa
LEFT JOIN current_position c ON c.party_id = pa.id
GROUP BY pa.id, pa.code, pa.name, pa.kind
ORDER BY CASE pa.kind {kind_rank} END, pa.name, pa.code
"""
