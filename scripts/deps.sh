#!/usr/bin/env bash
# Installs the Debian 12 packages sendband needs, only when some are missing.
# Sourced by scripts/run and scripts/test; uses sudo when not root.
set -euo pipefail

SENDBAND_PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libyaml-cpp-dev libsqlite3-dev libssl-dev nlohmann-json3-dev libcli11-dev catch2
  libxlsxwriter-dev zlib1g-dev
  librandom123-dev  # the forecaster's counter-based random numbers (Philox)
  sqlite3 unzip  # the CLI tests tamper with a database and read an .xlsx
  openssl python3  # the anchor tests read keys with openssl and rewrite a log's chain with python3
  locales        # the tests run the CLI and the reports under a German locale (de_DE.UTF-8)
)
if [[ "${SENDBAND_BUILD_GUI:-ON}" == "ON" ]]; then
  SENDBAND_PACKAGES+=(
    qt6-base-dev qt6-declarative-dev qt6-charts-dev libxkbcommon-dev
    qml6-module-qtqml qml6-module-qtqml-models qml6-module-qtqml-workerscript
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates
    qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-dialogs
    qml6-module-qtcharts qml6-module-qttest
    qml6-module-qt-labs-folderlistmodel  # the file dialogs (QtQuick.Dialogs FileDialog) load it at run time
    xvfb xauth imagemagick fonts-dejavu-core
  )
fi

# scripts/fuzz: Debian's clang and its libFuzzer runtime.
if [[ "${SENDBAND_FUZZ:-OFF}" == "ON" ]]; then
  SENDBAND_PACKAGES+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${SENDBAND_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# A locale with a decimal comma, for the tests that check no figure changes with the desktop's locale.
if ! locale -a 2>/dev/null | grep -qix 'de_DE.utf8'; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi
