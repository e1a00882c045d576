pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// A soft glow that grows while the patient breathes in and shrinks while they breathe out, with "Breathe in"
// and "Breathe out" large beside it (and spoken, once the patient asks for the voice). Even in and out, no
// holds; the pace comes from the session, and Slower and Faster sit beside the glow.
// The glow is stepped 15 times a second, not every frame: at a breath's pace the steps cannot be seen,
// and the software renderer repaints the glow's area at each one. It stops whenever it is not on screen.
ScreenPage {
    id: pacer

    readonly property var words: Words.screens.feelings.breathing
    readonly property bool wide: width > height * 1.25
    property bool breathingIn: true
    readonly property string breath: breathingIn ? words.breathe_in : words.breathe_out
    onBreathChanged: Speech.cue(breath)
    // Still screens (screenshots) show the glow part-way through a breath.
    property real phase: Theme.motion.scale > 0 ? 0 : 0.6
    readonly property real fullness: 0.5 - 0.5 * Math.cos(Math.PI * phase)

    // The title, and the guide's words where there is room for them beside or above a glow worth seeing.
    Column {
        id: guide
        // Beside the glow, leaving room for Slower and Faster and a glow of at least 25 mm.
        width: pacer.wide ? Math.min(pacer.width * 0.45, Math.max(Theme.mm * 30, pacer.width - pace.width - Theme.mm * 25 - 2 * Theme.size.gap)) : pacer.width
        spacing: Theme.size.gap

        Heading {
            id: title
            width: parent.width
            // Beside the glow, or above it with room left for a glow worth seeing.
            visible: pacer.height >= implicitHeight + word.height + Theme.size.gap + (pacer.wide ? 0 : Theme.mm * 40)
            level: "title"
            text: pacer.words.title
        }
        Text {
            id: word
            objectName: "pacer_word"
            width: parent.width
            height: Theme.mm * (Theme.compact ? 9 : 12)
            fontSizeMode: Text.Fit
            minimumPixelSize: Theme.font.small
            wrapMode: Text.WordWrap
            verticalAlignment: Text.AlignVCenter
            text: pacer.breath
            color: Theme.color.calm
            font.family: Theme.font.family
            font.pixelSize: Theme.font.display
            font.weight: Font.DemiBold
        }
        Prose {
            width: parent.width
            visible: pacer.height >= guide.spacing * 2 + word.height + implicitHeight
                     + (title.visible ? title.implicitHeight : 0) + (pacer.wide ? 0 : Theme.mm * 45)
            soft: true
            text: pacer.words.guide
        }
    }

    Item {
        id: space
        x: pacer.wide ? guide.width + Theme.size.gap : 0
        y: pacer.wide ? 0 : guide.height + Theme.size.gap
        width: pacer.width - x
        height: pacer.height - y

        // Slower and Faster beside the glow on a wide page, under it on a narrow one.
        readonly property bool paceBelow: !pacer.wide
        readonly property real diameter: paceBelow
            ? Math.max(0, Math.min(width, height - pace.height - Theme.size.gap))
            : Math.max(0, Math.min(width - pace.width - Theme.size.gap, height))

        Item {
            id: glow
            width: space.diameter
            height: width
            visible: width >= Theme.mm * 15
            x: space.paceBelow ? (space.width - width) / 2 : 0
            y: space.paceBelow ? 0 : (space.height - height) / 2

            // Soft edges: three rings of falling strength, the whole glow scaled with the breath.
            Repeater {
                model: [1.0, 0.86, 0.72]
                Rectangle {
                    id: ring
                    required property real modelData
                    required property int index
                    anchors.centerIn: parent
                    width: glow.width * ring.modelData * (0.5 + 0.5 * pacer.fullness)
                    height: width
                    radius: width / 2
                    antialiasing: true
                    color: Theme.color.calm
                    opacity: [0.16, 0.22, 0.4][ring.index]
                }
            }
            Rectangle {
                objectName: "pacer_circle"
                anchors.centerIn: parent
                width: glow.width
                height: width
                radius: width / 2
                antialiasing: true
                color: "transparent"
                border.width: Theme.size.ring
                border.color: Qt.alpha(Theme.color.calm, 0.5)
                scale: 0.5 + 0.5 * pacer.fullness
            }
        }

        // One above the other beside the glow (side by side if too short for that), or side by side under it.
        Grid {
            id: pace
            readonly property real buttonWidth: space.paceBelow
                ? (space.width - Theme.size.gap) / 2
                : Math.max(faster.implicitWidth, slower.implicitWidth, Theme.mm * 24)
            x: space.width - width
            y: space.paceBelow ? space.height - height : (space.height - height) / 2
            columns: space.paceBelow || space.height < 2 * Theme.size.target + Theme.size.gap ? 2 : 1
            spacing: Theme.size.gap

            CalmButton {
                id: faster
                objectName: "pacer_faster"
                width: pace.buttonWidth
                text: Words.ui.faster
                enabled: Session.can_quicken
                onActivated: Session.faster()
            }
            CalmButton {
                id: slower
                objectName: "pacer_slower"
                width: pace.buttonWidth
                text: Words.ui.slower
                enabled: Session.can_slow
                onActivated: Session.slower()
            }
        }
    }

    Timer {
        interval: 66
        repeat: true
        running: pacer.visible && Theme.motion.scale > 0
        onRunningChanged: if (running) { pacer.breathingIn = true; pacer.phase = 0; }
        onTriggered: {
            const length = pacer.breathingIn ? Session.breathe_in_ms : Session.breathe_out_ms;
            const step = interval / Math.max(length, 1);
            if (pacer.breathingIn) {
                pacer.phase = Math.min(1, pacer.phase + step);
                if (pacer.phase >= 1) pacer.breathingIn = false;
            } else {
                pacer.phase = Math.max(0, pacer.phase - step);
                if (pacer.phase <= 0) pacer.breathingIn = true;
            }
        }
    }
}
