// The Caseload screen through its controls: typing in the search field changes the count shown,
// the approvals-queue checkbox filters, and Enter in the search field opens the first plan shown.
// The database (tests/app/QmlTests.cpp) is the sample caseload of 3,000 plans with overrides on
// EXA-000001 and EXA-000020 awaiting approval and one on EXA-000030 in force.
import QtQuick
import QtQuick.Controls
import QtTest
import Sendband.Ui

Item {
    id: root
    width: 1280
    height: 740

    AppController { id: app }

    CaseloadScreen {
        id: screen
        anchors.fill: parent
        controller: app
    }

    SignalSpy { id: chosen; target: screen; signalName: "planChosen" }

    TestCase {
        id: test
        name: "CaseloadScreen"
        when: windowShown

        property var search: null
        property var awaitingBox: null
        property var shownLabel: null

        // The first item under `item` (itself included) for which `pred` holds, visual children first.
        function findItem(item, pred) {
            if (!item) return null
            if (pred(item)) return item
            const kids = item.children
            for (let i = 0; kids && i < kids.length; ++i) {
                const found = findItem(kids[i], pred)
                if (found) return found
            }
            return null
        }

        function labelStartingWith(prefix) {
            return findItem(screen, function(it) { return it.text !== undefined && it.font !== undefined && it.checkState === undefined
                                                           && it.placeholderText === undefined && String(it.text).startsWith(prefix) })
        }

        function type(text) {
            for (let i = 0; i < text.length; ++i) keyClick(text[i])
        }

        function clearSearch() {
            mouseClick(search)
            keySequence(StandardKey.SelectAll)
            keyClick(Qt.Key_Backspace)
            compare(search.text, "")
        }

        function initTestCase() {
            failOnWarning(/.?/)  // any QML warning (a broken binding, say) fails the test
            verify(app.openDatabase(testDatabase), app.errorText)
            search = findChild(screen, "caseloadSearch")
            verify(search !== null, "the search field (objectName caseloadSearch)")
            awaitingBox = findItem(screen, function(it) { return it.checkState !== undefined && it.text === "Awaiting approval (the queue)" })
            verify(awaitingBox !== null, "the Awaiting approval checkbox")
            shownLabel = labelStartingWith("Shown: ")
            verify(shownLabel !== null, "the Shown: label")
        }

        function init() {
            failOnWarning(/.?/)
            clearSearch()
            if (awaitingBox.checked) mouseClick(awaitingBox)
            verify(!awaitingBox.checked)
            chosen.clear()
            compare(shownLabel.text, "Shown: 3000")
        }

        function test_summary() {
            compare(labelStartingWith("Plans: ").text, "Plans: 3000")
            compare(labelStartingWith("Awaiting approval: ").text, "Awaiting approval: 2")
        }

        function test_typingFiltersTheCount() {
            mouseClick(search)
            verify(search.activeFocus)
            type("exa-0001")
            compare(search.text, "exa-0001")
            compare(shownLabel.text, "Shown: 100")   // EXA-000100 .. EXA-000199
            type("0")
            compare(shownLabel.text, "Shown: 10")    // EXA-000010 .. EXA-000019
            keyClick(Qt.Key_Backspace)
            keyClick(Qt.Key_Backspace)
            compare(search.text, "exa-000")
            compare(shownLabel.text, "Shown: 999")   // EXA-000001 .. EXA-000999
            clearSearch()
            type("20")
            compare(shownLabel.text, "Shown: 159")   // references with "20" in them (SQL: LIKE '%20%')
            type("zz")
            compare(shownLabel.text, "Shown: 0")
            // Enter with nothing shown opens nothing.
            keyClick(Qt.Key_Return)
            compare(chosen.count, 0)
        }

        function test_awaitingApprovalCheckboxFilters() {
            mouseClick(awaitingBox)
            verify(awaitingBox.checked)
            compare(shownLabel.text, "Shown: 2")     // EXA-000001 and EXA-000020, not the one in force
            mouseClick(search)
            type("20")
            compare(shownLabel.text, "Shown: 1")
            keyClick(Qt.Key_Return)
            compare(chosen.count, 1)
            compare(chosen.signalArguments[0][0], testPlanIds["EXA-000020"])
            mouseClick(awaitingBox)
            verify(!awaitingBox.checked)
            compare(shownLabel.text, "Shown: 159")
        }

        function test_enterOpensTheFirstPlanShown() {
            mouseClick(search)
            type("EXA-000012")
            compare(shownLabel.text, "Shown: 1")
            keyClick(Qt.Key_Enter)
            compare(chosen.count, 1)
            compare(chosen.signalArguments[0][0], testPlanIds["EXA-000012"])
            clearSearch()
            type("exa-00000")                         // EXA-000001 .. EXA-000009: the first is EXA-000001
            compare(shownLabel.text, "Shown: 9")
            keyClick(Qt.Key_Return)
            compare(chosen.count, 2)
            compare(chosen.signalArguments[1][0], testPlanIds["EXA-000001"])
        }
    }
}
