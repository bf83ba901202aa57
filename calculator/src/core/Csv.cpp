#include "core/Csv.h"

namespace sendband {

bool CsvReader::next(std::vector<std::string_view>& fields) {
    fields.clear();
    error_.clear();
    std::size_t used = 0;
    // Skip completely empty lines between records.
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
        if (text_[pos_] == '\n') ++lineNo_;
        ++pos_;
    }
    if (pos_ >= text_.size()) return false;
    recordLine_ = lineNo_;
    const std::size_t n = text_.size();
    while (true) {
        if (pos_ < n && text_[pos_] == '"') {
            ++pos_;
            if (unquoted_.size() <= used) unquoted_.emplace_back();
            std::string& buf = unquoted_[used++];
            buf.clear();
            bool closed = false;
            while (pos_ < n) {
                const char c = text_[pos_++];
                if (c == '"') {
                    if (pos_ < n && text_[pos_] == '"') {
                        buf += '"';
                        ++pos_;
                    } else {
                        closed = true;
                        break;
                    }
                } else {
                    if (c == '\n') ++lineNo_;
                    buf += c;
                }
            }
            if (!closed) {
                error_ = "a quoted field is not closed: a \" is missing";
                return true;
            }
            fields.emplace_back(buf);
            if (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
                error_ = "text after a closing quote in field " + std::to_string(fields.size());
                while (pos_ < n && text_[pos_] != '\n') ++pos_;
                return true;
            }
        } else {
            const std::size_t start = pos_;
            while (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
            fields.emplace_back(text_.data() + start, pos_ - start);
        }
        if (pos_ < n && text_[pos_] == ',') {
            ++pos_;
            continue;
        }
        if (pos_ < n && text_[pos_] == '\r') ++pos_;
        if (pos_ < n && text_[pos_] == '\n') {
            ++pos_;
            ++lineNo_;
        }
        return true;
    }
}

std::string_view normaliseLineEnds(std::string_view text, std::string& storage) {
    bool lone = false;
    for (std::size_t i = text.find('\r'); i != std::string_view::npos; i = text.find('\r', i + 1))
        if (i + 1 == text.size() || text[i + 1] != '\n') {
            lone = true;
            break;
        }
    if (!lone) return text;
    storage.assign(text);
    for (std::size_t i = 0; i < storage.size(); ++i)
        if (storage[i] == '\r' && (i + 1 == storage.size() || storage[i + 1] != '\n')) storage[i] = '\n';
    return storage;
}

std::string spreadsheetText(std::string_view text) {
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
        return "'" + std::string(text);
    return std::string(text);
}

void csvField(std::string& out, std::string_view v) {
    const bool quote = v.find_first_of(",\"\n\r") != std::string_view::npos;
    if (!quote) {
        out.append(v);
        return;
    }
    out += '"';
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void csvRecord(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        csvField(out, fields[i]);
    }
    out += '\n';
}

}  // namespace sendband
