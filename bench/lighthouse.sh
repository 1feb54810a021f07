#!/usr/bin/env bash
# Lighthouse (mobile) scores of public pages served as production serves them: gunicorn with
# config.settings.prod on PostgreSQL and Redis, nginx in front with docs/nginx/youth50.conf for
# the uploaded media, the demo content, and one person given a 900×1200 portrait through the
# media library (so the person page shows a real rendition, the page's largest image).
#
#   bench/lighthouse.sh                    # home, a person with a portrait, the open edition
#   bench/lighthouse.sh /en/ /zh-hans/search/?q=GPU
#
# Needs PostgreSQL and Redis on 127.0.0.1 (as .ci/run starts them), nginx, Debian's chromium and
# npm (Lighthouse is installed from the npm registry into a cache folder, not into the project).
# Prints the four category scores per page, then the image audits: oversized images
# (uses-responsive-images) and a lazy-loaded LCP image (lcp-lazy-loaded). The reports are kept
# in $OUT (default: a temporary folder) as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh

free_port() { .venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
APP_PORT=${APP_PORT:-$(free_port)}
WEB_PORT=${WEB_PORT:-$(free_port)}
DATABASE=youth50_lighthouse
WORK=$(mktemp -d)
OUT=${OUT:-$WORK/reports}
LIGHTHOUSE_DIR=${LIGHTHOUSE_DIR:-$HOME/.cache/youth50-lighthouse}
mkdir -p "$OUT" "$WORK/media" "$WORK/nginx" "$LIGHTHOUSE_DIR"
# nginx workers run as an unprivileged user: they must be able to read the media folder.
chmod 755 "$WORK"

cleanup() {
    [ -f "$WORK/gunicorn.pid" ] && kill "$(cat "$WORK/gunicorn.pid")" 2>/dev/null || true
    [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DATABASE" >/dev/null 2>&1 || true
    rm -rf "$WORK/media" "$WORK/nginx"
}
trap cleanup EXIT

if [ ! -x "$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse" ]; then
    npm install --prefix "$LIGHTHOUSE_DIR" --no-save --no-package-lock --no-audit --no-fund --silent lighthouse@12
fi

export DJANGO_SETTINGS_MODULE=config.settings.prod
export SECRET_KEY="lighthouse-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DATABASE"
export REDIS_URL=redis://127.0.0.1:6379/3
export ALLOWED_HOSTS=localhost,127.0.0.1
export MEDIA_ROOT="$WORK/media"
# Plain HTTP on the loopback (a secure context for the browser); TLS is nginx's job in production.
export SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0
unset DJANGO_ALLOW_ASYNC_UNSAFE DEBUG

psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DATABASE" >/dev/null
psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $DATABASE" >/dev/null
redis-cli -h 127.0.0.1 -p 6379 -n 3 flushdb >/dev/null
.venv/bin/python manage.py migrate --verbosity 0
.venv/bin/python manage.py load_demo --verbosity 0
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
PERSON_PATH=$(.venv/bin/python manage.py shell --no-imports -c "
import io
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from config.images.services import image_create
from profiles import services
from profiles.models import Person

picture = Image.new('RGB', (900, 1200), (214, 206, 196))
draw = ImageDraw.Draw(picture)
draw.ellipse((300, 180, 600, 540), fill=(170, 120, 95))
draw.rectangle((200, 600, 700, 1200), fill=(40, 52, 80))
buffer = io.BytesIO()
picture.save(buffer, format='JPEG', quality=90)
person = Person.objects.published().order_by('slug').first()
person.portrait = image_create(
    file=SimpleUploadedFile('portrait.jpg', buffer.getvalue(), content_type='image/jpeg'),
    alt_zh=f'{person.name_zh}的肖像', alt_en=f'Portrait of {person.name_en}',
)
services.person_save(person=person)
print(person.get_absolute_url())
" | tail -n 1)
OPEN_EDITION_PATH=$(.venv/bin/python manage.py shell --no-imports -c "
from forum.models import Edition
print(Edition.objects.order_by('-number').first().get_absolute_url())
" | tail -n 1)

.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$APP_PORT" --workers 2 \
    --error-logfile "$WORK/gunicorn.log" &
echo $! >"$WORK/gunicorn.pid"
sed -e "s#/srv/youth50/media/#$WORK/media/#g" -e "s#listen 80;#listen 127.0.0.1:$WEB_PORT;#" \
    -e "s#server 127.0.0.1:8000;#server 127.0.0.1:$APP_PORT;#" -e "/server 127.0.0.1:8001;/d" docs/nginx/youth50.conf \
    >"$WORK/nginx/youth50.conf"
cat >"$WORK/nginx/nginx.conf" <<EOF
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events {}
http {
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    include $WORK/nginx/youth50.conf;
}
EOF
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
for _ in $(seq 100); do curl -fsS -o /dev/null "http://localhost:$WEB_PORT/healthz" 2>/dev/null && break; sleep 0.2; done

person_page=$(curl -fsS "http://localhost:$WEB_PORT$PERSON_PATH")
if ! grep -q "<picture" <<<"$person_page"; then
    echo "The person page $PERSON_PATH does not show the portrait given to it." >&2
    exit 1
fi

if [ "$#" -eq 0 ]; then
    set -- /zh-hans/ "/zh-hans${PERSON_PATH#/zh-hans}" "/zh-hans${OPEN_EDITION_PATH#/zh-hans}"
fi
printf '%-48s %5s %5s %5s %5s\n' page perf a11y bp seo
for path in "$@"; do
    name=$(printf '%s' "$path" | tr -c 'A-Za-z0-9' '_')
    CHROME_PATH=$(command -v chromium) "$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse" \
        "http://localhost:$WEB_PORT$path" --quiet --output=json --output-path="$OUT/$name.json" \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1
    .venv/bin/python - "$OUT/$name.json" "$path" <<'EOF'
import json
import sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
scores = [round(100 * (report["categories"][c]["score"] or 0)) for c in
          ("performance", "accessibility", "best-practices", "seo")]
print(f"{sys.argv[2]:<48} " + " ".join(f"{s:>5}" for s in scores))
for audit in ("uses-responsive-images", "lcp-lazy-loaded", "largest-contentful-paint",
              "cumulative-layout-shift", "total-blocking-time"):
    found = report["audits"].get(audit)
    if found:
        print(f"    {audit}: score {found['score']}, {found.get('displayValue', '')}")
failing = [a["id"] for a in report["audits"].values()
           if a.get("score") is not None and a["score"] < 1
           and a.get("scoreDisplayMode") in {"binary", "numeric", "metricSavings"}]
if failing:
    print("    below full marks: " + ", ".join(sorted(failing)))
EOF
done
echo "reports: $OUT"
