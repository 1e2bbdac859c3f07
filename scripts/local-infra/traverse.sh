# Sourced by the server scripts: lets the unprivileged server user reach a data folder inside, say, /root.
# Usage: ensure_traversable DIR USER — grants search (x) permission on the ancestors that lack it, never read.
ensure_traversable() {
  local dir=$1 user=$2 path
  [ "$(id -u)" = 0 ] || return 0
  runuser -u "$user" -- test -x "$dir" 2>/dev/null && return 0
  path=$dir
  while [ "$path" != "/" ]; do
    path=$(dirname "$path")
    if ! runuser -u "$user" -- test -x "$path" 2>/dev/null; then
      echo "granting search permission on $path so that $user can reach $dir" >&2
      chmod o+x "$path"
    fi
  done
}
