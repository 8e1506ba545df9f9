#!/bin/sh
# settlement_map_svg() in a real browser: headless Chromium parses the SVG
# (no XML error, escaped text intact), a screenshot is not blank, and the
# Chinese names are drawn with a CJK font (full-width glyphs: a label of n
# characters at font size s measures about n x s).  No golden image.  Skips
# when chromium is not installed (make deps installs it with fonts-noto-cjk).
# Prints TAP.  Runs with PGHOST, PGPORT, PGUSER set.
set -u
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "1..0 # SKIP chromium is not installed (make deps installs chromium and fonts-noto-cjk)"
    exit 0
fi
db=ecocomp_settlement_map
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; dropdb --if-exists "$db" >/dev/null 2>&1' EXIT
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" || { echo "1..1"; echo "not ok 1 - createdb"; exit 1; }

psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null 2>&1 <<'SQL' || { echo "1..1"; echo "not ok 1 - load data"; exit 1; }
CREATE EXTENSION ecocomp CASCADE;
\set codes '{340000,330000,360000}'
\i test/shell/lib/provinces.sql
-- a name that must be escaped in XML
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, geom)
VALUES ('x1', 'Test <&> "quoted"', '测试<&>', 'other', 'SRID=4326;MULTIPOLYGON(((121 27,122 27,122 28,121 28,121 27)))');
-- two small neighbours whose labels would sit on each other at their anchors
INSERT INTO ecocomp.jurisdiction (code, name, name_zh, level, geom)
VALUES ('y1', 'West', '西县', 'county', 'SRID=4326;MULTIPOLYGON(((118 30,118.1 30,118.1 30.1,118 30.1,118 30)))'),
       ('y2', 'East', '东县', 'county', 'SRID=4326;MULTIPOLYGON(((118.1 30,118.2 30,118.2 30.1,118.1 30.1,118.1 30)))');
INSERT INTO ecocomp.incident (incident_id, name, responsible_code, affected_code, started_at)
VALUES ('map', 'Test incident', '330000', '340000', '2024-01-01 00:00+08');
INSERT INTO ecocomp.obligation (incident_id, period, payer_code, payee_code, amount, basis)
VALUES ('map', '[2024-01-01,2025-01-01)', '330000', '340000', 100000000, '{}'),
       ('map', '[2024-01-01,2025-01-01)', 'x1', '360000', 1234.5, '{}'),
       ('map', '[2024-01-01,2025-01-01)', 'y1', 'y2', 5000000, '{}');
SELECT ecocomp.book('[2024-01-01,2025-01-01)');
SQL
psql -X -At -d "$db" -c "SELECT ecocomp.settlement_map_svg('[2024-01-01,2025-01-01)')" >"$tmp/map.svg" 2>"$tmp/psql.err"

chrome() {
    profile=$1
    shift
    "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --user-data-dir="$tmp/profile-$profile" "$@" 2>>"$tmp/chromium.log"
}

echo "1..7"
# 1. The browser parses it: no XML parser error.
chrome 1 --dump-dom "file://$tmp/map.svg" >"$tmp/dom.txt"
if grep -q '<svg' "$tmp/dom.txt" && ! grep -qi 'parsererror' "$tmp/dom.txt"; then
    echo "ok 1 - Chromium parses the SVG"
else
    echo "not ok 1 - Chromium did not parse the SVG"; head -c 2000 "$tmp/dom.txt" | sed 's/^/# /'
fi
# 2. Escaped text comes back as the original characters.
if grep -q '测试&lt;&amp;&gt;' "$tmp/dom.txt"; then
    echo "ok 2 - a name with <, & and > is escaped and shown as written"
else
    echo "not ok 2 - the escaped name is missing from the DOM"
fi
# 3 and 4. A screenshot that is not blank.
chrome 2 --hide-scrollbars --window-size=1180,900 --screenshot="$tmp/map.png" "file://$tmp/map.svg" >/dev/null
size=$(wc -c <"$tmp/map.png" 2>/dev/null || echo 0)
# A blank 1180 x 900 page compresses to a few kB; a drawn map is far larger.
[ "$size" -gt 20000 ] && echo "ok 3 - screenshot taken ($size bytes)" || echo "not ok 3 - screenshot missing or blank ($size bytes)"
if command -v python3 >/dev/null 2>&1; then
    colours=$(python3 - "$tmp/map.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
pos, idat, w = 8, b'', 0
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
    elif kind == b'IDAT':
        idat += body
    pos += 12 + n
bpp = {2: 3, 6: 4}[ctype]
raw, stride, prev, out = zlib.decompress(idat), w * bpp, bytearray(w * bpp), set()
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 4 == 0:
        for x in range(0, w, 4):
            out.add(bytes(line[x * bpp:x * bpp + 3]))
print(len(out))
PY
)
    [ "${colours:-0}" -gt 20 ] && echo "ok 4 - the screenshot has $colours colours (not blank)" ||
        echo "not ok 4 - the screenshot has ${colours:-no} colours"
else
    echo "ok 4 # SKIP python3 not available to count colours"
fi
# 5 and 6. Chinese names drawn with a CJK font: measured in the page itself.
{
    echo '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
    cat "$tmp/map.svg"
    cat <<'JS'
<pre id="result"></pre><script>
document.fonts.ready.then(function () {
  var zh = /[\u4e00-\u9fff]/, n = 0, bad = [];
  document.querySelectorAll('#labels text').forEach(function (t) {
    var s = t.textContent;
    if (!zh.test(s) || !/^[\u4e00-\u9fff]+$/.test(s)) return;
    n++;
    var size = parseFloat(t.getAttribute('font-size'));
    var ratio = t.getComputedTextLength() / (size * s.length);
    if (ratio < 0.9 || ratio > 1.1) bad.push(s + ' ' + ratio.toFixed(2));
  });
  // every label (a name and its amount, two lines) and every transfer
  // amount as the browser lays it out; a pair overlapping by more than a
  // pixel both ways is a collision
  var boxes = [], hits = [];
  function box(t) { var b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height, t.textContent]; }
  var lines = document.querySelectorAll('#labels text');
  for (var k = 0; k + 1 < lines.length; k += 2) {
    var p = box(lines[k]), q = box(lines[k + 1]);
    boxes.push([Math.min(p[0], q[0]), p[1], Math.max(p[2], q[2]), q[3], p[4]]);
  }
  document.querySelectorAll('#transfers text').forEach(function (t) { boxes.push(box(t)); });
  for (var i = 0; i < boxes.length; i++)
    for (var j = i + 1; j < boxes.length; j++) {
      var a = boxes[i], c = boxes[j];
      if (Math.min(a[2], c[2]) - Math.max(a[0], c[0]) > 1 && Math.min(a[3], c[3]) - Math.max(a[1], c[1]) > 1)
        hits.push(a[4] + '/' + c[4]);
    }
  document.getElementById('result').textContent = 'CJK labels ' + n + ' off ' + bad.length + ' ' + bad.join(';')
    + ' | texts ' + boxes.length + ' overlapping ' + hits.length + ' ' + hits.join(';');
});
</script></body></html>
JS
} >"$tmp/check.html"
chrome 3 --virtual-time-budget=5000 --dump-dom "file://$tmp/check.html" >"$tmp/check.txt"
res=$(sed -n 's/.*<pre id="result">\(CJK labels[^<|]*\).*/\1/p' "$tmp/check.txt")
layout=$(sed -n 's/.*<pre id="result">[^|]*| \(texts [^<]*\)<.*/\1/p' "$tmp/check.txt")
labels=$(echo "$res" | awk '{print $3}')
off=$(echo "$res" | awk '{print $5}')
[ "${labels:-0}" -ge 3 ] && echo "ok 5 - $labels Chinese labels found on the map" || echo "not ok 5 - Chinese labels: '$res'"
[ -n "$off" ] && [ "$off" = 0 ] && echo "ok 6 - every Chinese label is drawn with full-width CJK glyphs" ||
    echo "not ok 6 - labels not drawn with a CJK font: '$res'"
# 7. No label covers another or a transfer's amount, as the browser lays them
# out (two neighbouring counties force a move).
texts=$(echo "$layout" | awk '{print $2}')
overlapping=$(echo "$layout" | awk '{print $4}')
[ "${texts:-0}" -ge 7 ] && [ "$overlapping" = 0 ] && echo "ok 7 - no two of the $texts labels overlap" ||
    echo "not ok 7 - overlapping labels: '$layout'"
