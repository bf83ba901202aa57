// Csv: RFC 4180 reading and writing. Hand-written rather than a library so that every error
// can name its line and column and a 640,000-row caseload parses in well under a second.
#pragma once
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace sendband {

class CsvReader {
public:
    // Owns the text.
    explicit CsvReader(std::string text) : owned_(std::move(text)), text_(owned_) { skipBom(); }
    // Reads text owned by the caller, which must outlive the reader; `firstLine` numbers a
    // chunk that starts part-way through a file.
    CsvReader(std::string_view text, int firstLine) : text_(text), lineNo_(firstLine) { skipBom(); }
    // A copy or a move would leave the view pointing into the other reader's text.
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;
    // Reads the next record into `fields`; false at the end. Views stay valid until the next
    // call. `line()` is the line the record started on (1-based).
    bool next(std::vector<std::string_view>& fields);
    int line() const { return recordLine_; }
    // Set when a record is malformed (an unterminated quote, text after a closing quote).
    const std::string& error() const { return error_; }

private:
    void skipBom() {
        if (text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;  // UTF-8 BOM from Excel
    }
    std::string owned_;
    std::string_view text_;
    std::size_t pos_ = 0;
    int lineNo_ = 1;
    int recordLine_ = 0;
    std::string error_;
    std::deque<std::string> unquoted_;  // fields that needed unescaping; a deque never moves them
};

// Line ends as every caseload reader sees them: a CR on its own (old Mac and some exports) is a
// line end like LF and CRLF. Returns `text` itself when it has no lone CR; otherwise a copy in
// `storage` with each lone CR made LF, so that a file's check and its write read the same rows.
std::string_view normaliseLineEnds(std::string_view text, std::string& storage);

// Text for a cell a person opens in a spreadsheet program. Text that the program would read as a
// formula (it starts with =, +, -, @, a tab or a CR: an officer's name typed as
// "=HYPERLINK(...)") gets an apostrophe before it, which spreadsheets show as text and do not
// run. Numbers and dates are written by their own functions and never pass through here.
std::string spreadsheetText(std::string_view text);

// Appends one field, quoted only when it must be.
void csvField(std::string& out, std::string_view value);
// Appends a whole record ending in "\n" (spreadsheet programs and diff both accept it).
void csvRecord(std::string& out, const std::vector<std::string>& fields);

}  // namespace sendband
