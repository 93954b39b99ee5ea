#!/bin/sh
# docs/gen.sh KUMO FILE — prints FILE with each generated block replaced by what the kumo binary KUMO prints for it,
# so that the README's command list and the man page's synopsis, options, commands and exit status come from the
# command table (cli/) and cannot drift from it. `make docs` writes the result back; tests/e2e/test_docs.sh checks
# that the committed files equal it. A block is the lines between a begin marker that names kumo's options for it
# and an end marker:
#   README.md   <!-- begin: kumo --help-markdown -->        …  <!-- end: kumo --help-markdown -->
#   kumo.1      .\" begin: kumo --help-man synopsis          …  .\" end: kumo --help-man synopsis
# Only those generators are run (the markers name them; nothing else in the file is executed).
set -eu
kumo=$1 file=$2
[ -x "$kumo" ] || { echo "docs/gen.sh: $kumo is not an executable (make kumo)" >&2; exit 2; }
[ -f "$file" ] || { echo "docs/gen.sh: no file $file" >&2; exit 2; }
# generated text does not depend on the caller's locale or time
export LANG=C.UTF-8
unset LC_ALL KUMO_DB KUMO_USER
inblock=""
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
    *"begin: kumo --help-markdown"* | *"begin: kumo --help-man synopsis"* | *"begin: kumo --help-man commands"*)
        printf '%s\n' "$line"
        args=${line#*begin: kumo }
        args=${args% -->}
        # shellcheck disable=SC2086  # the marker's words are kumo's arguments
        "$kumo" $args
        inblock=$args
        ;;
    *"end: kumo "*)
        [ -n "$inblock" ] || { echo "docs/gen.sh: $file: an end marker without a begin: $line" >&2; exit 2; }
        inblock=""
        printf '%s\n' "$line"
        ;;
    *)
        [ -n "$inblock" ] || printf '%s\n' "$line"
        ;;
    esac
done <"$file"
[ -z "$inblock" ] || { echo "docs/gen.sh: $file: no end marker for kumo $inblock" >&2; exit 2; }
