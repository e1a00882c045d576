import QtQuick
import Lantern

// A soft circle that grows while the patient breathes in and shrinks while they breathe out, with the words.
// Even in and out, no holds; the pace comes from the session. It stops whenever it is not on screen.
ScreenPage {
    id: pacer

    readonly property var words: Words.screens.feelings.breathing
    property bool breathingIn: true
    readonly property bool wide: width > height

    Column {
        id: guide
        width: pacer.wide ? pacer.width * 0.46 : pacer.width
        spacing: Theme.size.gap

        Heading {
            width: parent.width
            level: "title"
            text: pacer.words.title
        }
        Prose {
            width: parent.width
            text: pacer.words.guide
        }
        Row {
            spacing: Theme.size.gap

            CalmButton {
                objectName: "pacer_slower"
                text: Words.ui.slower
                enabled: Session.can_slow
                onActivated: Session.slower()
            }
            CalmButton {
                objectName: "pacer_faster"
                text: Words.ui.faster
                enabled: Session.can_quicken
                onActivated: Session.faster()
            }
        }
    }

    Item {
        id: space
        x: pacer.wide ? guide.width + Theme.size.gap : 0
        y: pacer.wide ? 0 : guide.height + Theme.size.gap
        width: pacer.width - x
        height: pacer.height - y

        readonly property real diameter: Math.max(0, Math.min(width, height - word.height - Theme.size.gap))

        // A still ring shows how full a breath is; the soft circle inside grows to it and shrinks back.
        Rectangle {
            id: track
            anchors.horizontalCenter: parent.horizontalCenter
            y: (space.height - word.height - Theme.size.gap - height) / 2
            width: space.diameter
            height: width
            radius: width / 2
            color: "transparent"
            border.width: Theme.size.ring
            border.color: Theme.color.line
        }
        Rectangle {
            id: circle
            objectName: "pacer_circle"
            anchors.centerIn: track
            width: space.diameter - 2 * Theme.size.ring
            height: width
            radius: width / 2
            color: Theme.color.raised
            border.width: Theme.size.ring * 1.5
            border.color: Theme.color.calm
            scale: 0.55
        }
        Text {
            id: word
            objectName: "pacer_word"
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.top: track.bottom
            anchors.topMargin: Theme.size.gap
            text: pacer.breathingIn ? pacer.words.breathe_in : pacer.words.breathe_out
            color: Theme.color.text
            font.family: Theme.font.family
            font.pixelSize: Theme.font.title
            font.weight: Font.DemiBold
        }
    }

    SequentialAnimation {
        running: pacer.visible
        loops: Animation.Infinite

        PropertyAction { target: pacer; property: "breathingIn"; value: true }
        NumberAnimation {
            target: circle; property: "scale"; to: 1.0
            duration: Session.breathe_in_ms; easing.type: Easing.InOutSine
        }
        PropertyAction { target: pacer; property: "breathingIn"; value: false }
        NumberAnimation {
            target: circle; property: "scale"; to: 0.55
            duration: Session.breathe_out_ms; easing.type: Easing.InOutSine
        }
    }
}
