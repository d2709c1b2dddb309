#!/usr/bin/env bash
# Runs every test. Installs what the tests need first: the PostgreSQL server binaries (Debian package
# 'postgresql'); the tests start their own throwaway cluster on loopback and remove it afterwards.
# Set MIGRATIONCHAIN_TEST_POSTGRES to a connection string to use an existing server instead.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${MIGRATIONCHAIN_TEST_POSTGRES:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing the PostgreSQL server (Debian package 'postgresql') for the tests..."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi

dotnet test Analyzers.sln \
  --blame-hang-timeout 10m \
  --logger "console;verbosity=minimal" \
  "$@"
