# Sourced by the server scripts. A port held by another socket makes the server's bind fail, and a client connection's
# ephemeral port (32768-60999 on Linux) can be the one: name the holders before starting, so the failure explains itself.
# Usage: report_port_holders PORT... — prints the sockets on each port (TIME_WAIT left out: it does not block a bind).
report_port_holders() {
  command -v ss >/dev/null || return 0
  local port holders
  for port in "$@"; do
    holders=$(ss -Htanp exclude time-wait "( sport = :$port )" 2>/dev/null || true)
    [ -z "$holders" ] || printf 'port %s is already in use; the server may fail to bind it:\n%s\n' "$port" "$holders" >&2
  done
}
