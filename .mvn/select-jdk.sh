# Bellman: choose a JDK 21 or newer. Sourced (POSIX sh) by ./mvnw, ./bellman and .ci/run.
# Order: $JAVA_HOME if it is 21+; else `java` on PATH if it is 21+; else the newest 21+ JDK
# in the usual install locations. Exports JAVA_HOME; exits with a clear message if none exists.

bellman_java_major() {
  # prints the feature version of the java binary $1 (8 for 1.8.x), or 0 if it cannot be read
  _v=$("$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
  case "$_v" in
    1.*) echo "$_v" | cut -d. -f2 ;;
    "") echo 0 ;;
    *) echo "$_v" | sed 's/[^0-9].*//' ;;
  esac
}

bellman_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    _m=$(bellman_java_major "$JAVA_HOME/bin/java")
    [ "$_m" -ge 21 ] && return 0
    echo "bellman: JAVA_HOME=$JAVA_HOME is Java $_m; Bellman needs 21 or newer, looking for another JDK" >&2
  fi
  if command -v java >/dev/null 2>&1; then
    _j=$(command -v java)
    _m=$(bellman_java_major "$_j")
    if [ "$_m" -ge 21 ]; then
      _real=$(readlink -f "$_j" 2>/dev/null || echo "$_j")
      JAVA_HOME=$(dirname "$(dirname "$_real")"); export JAVA_HOME
      return 0
    fi
  fi
  _best=""; _bestm=0
  # the caller may have globbing off (mvnw runs under set -f)
  case $- in *f*) _noglob=1; set +f ;; *) _noglob=0 ;; esac
  for _d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*jdk* "$HOME"/.sdkman/candidates/java/* \
            "$HOME"/.jdks/* "$HOME"/.local/share/jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$_d/bin/java" ] && [ -x "$_d/bin/javac" ] || continue
    _m=$(bellman_java_major "$_d/bin/java")
    if [ "$_m" -ge 21 ] && [ "$_m" -gt "$_bestm" ]; then _best=$_d; _bestm=$_m; fi
  done
  [ "$_noglob" = 1 ] && set -f
  if [ -n "$_best" ]; then JAVA_HOME=$_best; export JAVA_HOME; return 0; fi
  cat >&2 <<'MSG'
bellman: no JDK 21 or newer was found (checked $JAVA_HOME, `java` on PATH, /usr/lib/jvm, /usr/java,
/opt, ~/.sdkman, ~/.jdks and /Library/Java). Install one, for example
  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk   (or Temurin from adoptium.net)
  macOS:          brew install openjdk@21
  SDKMAN:         sdk install java 21-tem
then run again, or point JAVA_HOME at it.
MSG
  exit 1
}

bellman_select_jdk
PATH="$JAVA_HOME/bin:$PATH"; export PATH

# Maven 3.9 (Guice) calls sun.misc.Unsafe, which JDK 24+ reports on every build; allow it quietly there.
if [ "$(bellman_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  case "${MAVEN_OPTS:-}" in *sun-misc-unsafe-memory-access*) ;; *)
    MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"; export MAVEN_OPTS ;; esac
fi
