#!/bin/sh
# Re-render the screen gallery in docs/screens/ from the fixture views (offscreen).
#   usage: scripts/render-gallery.sh
set -eu
cd "$(dirname "$0")/.."
out=docs/screens
shot() { name=$1; shift; QT_QPA_PLATFORM=offscreen .venv/bin/kiosk screenshot "$@" --out "$out/$name.png" >/dev/null; }

for state in attract ready routing gated_access_code gated_authentication gated_bot_check \
    scheduled dutch_auction settling granted ended unavailable error offline; do
    shot "$state" --state "$state"
done
for mechanism in queue draw auction appointment timed_release; do
    shot "enterable_$mechanism" --state enterable --mechanism "$mechanism"
    shot "participating_$mechanism" --state participating --mechanism "$mechanism"
done
shot ar-attract --state attract --lang ar
shot ar-gated_access_code --state gated_access_code --lang ar
shot ar-participating_queue --state participating --mechanism queue --lang ar
shot es-granted --state granted --lang es
shot es-participating_queue --state participating --mechanism queue --lang es
shot landscape-attract --state attract --size 1920x1080
shot landscape-gated_access_code --state gated_access_code --size 1920x1080
shot landscape-participating_queue --state participating --mechanism queue --size 1920x1080
shot tablet-enterable_appointment --state enterable --mechanism appointment --size 1280x800
shot tablet-participating_auction --state participating --mechanism auction --size 1280x800
shot tablet-staff-ready --state ready --mode staff --size 1280x800
shot variant-ended-lost --state ended --variant lost
shot variant-idle-prompt --state participating --mechanism queue --variant idle
shot variant-participating_auction-outbid --state participating --mechanism auction --variant outbid
shot variant-participating_queue-stale --state participating --mechanism queue --variant stale
shot variant-staff-pin --state attract --variant staff_pin
shot variant-staff-settings --state attract --variant staff_settings
shot variant-upgrade-code --state enterable --mechanism queue --variant code_entry
shot variant-gated_authentication-expired --state gated_authentication --variant expired
echo "rendered $(ls "$out"/*.png | wc -l) screens into $out"
