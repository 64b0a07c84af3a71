# Sourced before each documented shell block: `curl` as written, recording every answer
# as "status RS body US" in $CURL_LOG so the test can compare each with the documentation.
curl() {
  local out status
  out=$(command curl "$@" -w '\n%{http_code}')
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  printf '%s\x1e%s\x1f' "$status" "$out" >> "$CURL_LOG"
  printf '%s' "$out"
}
