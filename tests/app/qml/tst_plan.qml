// The Plan screen through its controls: clicking a level's radio button recomputes the band and
// money shown at once, and enables Save. EXA-000001 of the sample: levels 1, 1, 1, 1 (14 points,
// band B1, 1,500.00 a year in mainstream), with an override to B3 awaiting approval.
import QtQuick
import QtQuick.Controls
import QtTest
import Sendband.Ui

Item {
    id: root
    width: 1280
    height: 1600  // tall enough for every domain's levels to be laid out and clickable

    AppController { id: app }

    PlanScreen {
        id: screen
        anchors.fill: parent
        controller: app
    }

    TestCase {
        id: test
        name: "PlanScreen"
        when: windowShown

        property var bandLabel: null

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

        function textStartingWith(prefix) {
            return findItem(screen, function(it) { return it.text !== undefined && it.checkState === undefined && String(it.text).startsWith(prefix) })
        }

        function radio(domain, level) {
            const r = findChild(screen, "level_" + domain + "_" + level)
            verify(r !== null, "radio button level_" + domain + "_" + level)
            return r
        }

        function initTestCase() {
            failOnWarning(/.?/)  // any QML warning (a broken binding, say) fails the test
            verify(app.openDatabase(testDatabase), app.errorText)
            screen.openPlan(testPlanIds["EXA-000001"])
            bandLabel = findChild(screen, "bandLabel")
            verify(bandLabel !== null, "the band label (objectName bandLabel)")
            // Let the domain list lay out its delegates.
            tryVerify(function() { return findChild(screen, "level_3_4") !== null }, 5000)
            waitForRendering(screen)
        }

        function init() {
            failOnWarning(/.?/)
        }

        function test_clickingALevelChangesTheBand() {
            const save = textStartingWith("&Save")
            verify(save !== null)
            compare(bandLabel.text, "Band B1 — Band 1")
            compare(textStartingWith("Top-up £").text, "Top-up £1,500.00 a year · place funding £0.00 a year")
            compare(textStartingWith("Override to band").text,
                    "Override to band B3 (PANEL, by Ann Officer): awaiting approval by someone else; the computed band counts until then; top-up £6,000.00 a year")
            verify(radio(0, 1).checked)
            verify(!save.enabled)

            // Communication 1 -> 3: 24 points, band B2.
            mouseClick(radio(0, 3))
            verify(radio(0, 3).checked)
            verify(!radio(0, 1).checked)
            compare(bandLabel.text, "Band B2 — Band 2")
            compare(textStartingWith("Top-up £").text, "Top-up £3,500.00 a year · place funding £0.00 a year")
            verify(save.enabled)

            // Cognition 1 -> 4 as well: 40 points, band B4.
            mouseClick(radio(1, 4))
            verify(radio(1, 4).checked)
            compare(bandLabel.text, "Band B4 — Band 4")
            compare(textStartingWith("Top-up £").text, "Top-up £9,000.00 a year · place funding £0.00 a year")

            // Back to the stored levels: band B1 again (still unsaved, so Save stays on).
            mouseClick(radio(1, 1))
            mouseClick(radio(0, 1))
            verify(radio(0, 1).checked)
            verify(radio(1, 1).checked)
            compare(bandLabel.text, "Band B1 — Band 1")
            compare(textStartingWith("Top-up £").text, "Top-up £1,500.00 a year · place funding £0.00 a year")
            verify(save.enabled)
        }

        // The override dialog preselects the band in force, lists each band with its money, shows
        // what OK would record before it is pressed, submits on Enter and cancels on Escape.
        function test_overrideDialogShowsWhatOkWouldRecord() {
            screen.openPlan(testPlanIds["EXA-000001"])
            tryVerify(function() { return findChild(screen, "level_0_3") !== null }, 5000)
            const dialog = findChild(screen, "overrideDialog")
            dialog.open()
            tryVerify(function() { return dialog.opened }, 2000)
            const band = findChild(screen, "overrideBand")
            compare(band.currentValue, "B1")  // nothing in force but the rules' band (the B3 override awaits approval)
            compare(band.currentText, "B1 — Band 1 · top-up £1,500.00 a year")
            const preview = findChild(screen, "overridePreview")
            compare(preview.text, "plan EXA-000001 is already in band B1; an override must change the band")
            band.currentIndex = band.indexOfValue("B3")
            compare(band.currentText, "B3 — Band 3 · top-up £6,000.00 a year")
            compare(preview.text, "Top-up £6,000.00, place funding £0.00 a year; annual effect £4,500.00 (approval threshold £2,000.00): "
                                  + "it will need approval by another login before it counts.")
            band.currentIndex = band.indexOfValue("B2")
            compare(preview.text, "Top-up £3,500.00, place funding £0.00 a year; annual effect £2,000.00 (approval threshold £2,000.00): "
                                  + "in force at once.")
            // Enter in the note submits; with no note the override is refused and nothing is written.
            keyClick(Qt.Key_Return)
            tryVerify(function() { return !dialog.visible }, 2000)
            verify(String(textStartingWith("Write a note").text).length > 0)
            dialog.open()
            tryVerify(function() { return dialog.opened }, 2000)
            keyClick(Qt.Key_Escape)
            tryVerify(function() { return !dialog.visible }, 2000)
            verify(String(textStartingWith("Override to band B3 (PANEL").text).indexOf("awaiting approval") > 0)
        }

        // Opening another plan with unsaved changes asks to save or discard them (it used to
        // drop them silently); discarding opens the other plan, whose headline is the band in
        // force: an approved override shows as the band, with what it overrides beside it.
        function test_leavingAnEditedPlanAsksAndTheHeadlineIsTheBandInForce() {
            screen.openPlan(testPlanIds["EXA-000001"])
            tryVerify(function() { return findChild(screen, "level_0_3") !== null }, 5000)
            mouseClick(radio(0, 3))
            compare(bandLabel.text, "Band B2 — Band 2")
            const leave = findChild(screen, "leaveDialog")
            verify(leave !== null)
            screen.openPlan(testPlanIds["EXA-000030"])
            tryVerify(function() { return leave.opened }, 2000)
            compare(screen.planId, testPlanIds["EXA-000001"])  // not left yet
            mouseClick(leave.standardButton(Dialog.Discard))
            tryVerify(function() { return !leave.visible }, 2000)
            compare(screen.planId, testPlanIds["EXA-000030"])
            compare(bandLabel.text, "Band B0 — Universal and SEN support")
            const note = findChild(screen, "headlineNote")
            verify(note.visible)
            verify(String(note.text).startsWith("Override of B"), note.text)
            verify(String(findChild(screen, "planDetails").text).startsWith("Need "), findChild(screen, "planDetails").text)
            // Why this band can be selected and copied.
            const why = findChild(screen, "whyText")
            verify(why.selectByMouse)
            verify(why.readOnly)
            // Steps in words, each formula under its step in smaller type.
            const whyPlain = String(why.getText(0, why.length))
            verify(whyPlain.startsWith("1. Communication and interaction: level "), whyPlain)
            verify(whyPlain.indexOf("6. Total points is 18: (the total score of the domains whose area is not Sensory and/or physical) plus") > 0, whyPlain)
            verify(whyPlain.indexOf("Formula: score = total_points") > 0, whyPlain)
            compare(why.textFormat, TextEdit.RichText)  // the formula in smaller type under its step
            screen.openPlan(testPlanIds["EXA-000001"])  // nothing edited: no question
            compare(screen.planId, testPlanIds["EXA-000001"])
            verify(!leave.visible)
        }
    }
}
