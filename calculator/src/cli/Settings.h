// Settings: the command line's settings file, for what should not be typed every time (the
// audit anchors' key and file). An INI file:
//   [anchors]
//   key = /home/officer/.sendband/anchor-key.pem     (private key: signs anchors)
//   public_key = /srv/sendband/anchor-key.pem.pub    (public key: checks them)
//   file = /srv/sendband/anchors.txt                 (the append-only anchors file)
// read from $SENDBAND_CONFIG, else $XDG_CONFIG_HOME/sendband/sendband.conf, else
// ~/.config/sendband/sendband.conf. A missing file means no settings. Hand-written: the CLI has
// no Qt (so no QSettings), and three keys do not warrant an INI library.
#pragma once
#include <optional>
#include <string>

namespace sendband::cli {

struct Settings {
    std::string path;  // the file read, or the one that would be ("" when no home folder)
    std::string anchorKey, anchorPublicKey, anchorsFile;
};

// Reads the settings file. On a malformed file returns nothing and sets `error` to
// "FILE:LINE: what is wrong".
std::optional<Settings> readSettings(std::string& error);

}  // namespace sendband::cli
