import QtQuick
import Lantern

// The help call's state in calm, large words: the whole page while it is news, a strip once the patient moves on.
// It lives in the page area, so it never covers the help block.
Item {
    id: status

    readonly property bool shown: HelpCall.showing
    readonly property var words: shown ? Words.help[HelpCall.state] : ({ title: "", detail: "" })
    readonly property real stripHeight: Theme.size.target

    visible: opacity > 0
    opacity: shown ? 1 : 0

    Behavior on opacity {
        NumberAnimation { duration: Theme.motion.status; easing.type: Easing.InOutQuad }
    }

    Rectangle {
        id: panel
        width: parent.width
        height: HelpCall.expanded ? status.height : status.stripHeight
        radius: Theme.size.radius * 2
        color: Theme.color.surface
        border.width: Theme.size.ring
        border.color: Theme.color.calm

        Behavior on height {
            NumberAnimation { duration: Theme.motion.status; easing.type: Easing.InOutQuad }
        }

        Column {
            id: full
            x: Theme.size.pad * 1.5
            y: Math.max(x, (panel.height - height - back.height) / 2)
            width: panel.width - 2 * x
            spacing: Theme.size.gap
            visible: opacity > 0
            opacity: HelpCall.expanded ? 1 : 0

            Behavior on opacity {
                NumberAnimation { duration: Theme.motion.status }
            }

            Heading {
                objectName: "status_title"
                width: parent.width
                level: "display"
                text: status.words.title
            }
            Prose {
                objectName: "status_detail"
                width: parent.width
                font.pixelSize: Theme.font.status
                text: status.words.detail
            }
            Prose {
                objectName: "status_now_urgent"
                width: parent.width
                visible: HelpCall.now_urgent
                font.pixelSize: Theme.font.status
                text: Words.help.now_urgent
            }
            Prose {
                objectName: "status_link_lost"
                width: parent.width
                visible: HelpCall.connection_lost
                font.pixelSize: Theme.font.status
                text: Words.help.connection_lost
            }
        }

        CalmButton {
            id: back
            objectName: "status_back"
            anchors.left: parent.left
            anchors.bottom: parent.bottom
            anchors.margins: Theme.size.pad * 1.5
            visible: HelpCall.expanded
            text: Words.ui.back
            onActivated: HelpCall.collapse()
        }

        Item {
            objectName: "status_strip"
            anchors.fill: parent
            visible: !HelpCall.expanded
            enabled: !HelpCall.expanded

            Text {
                anchors.left: parent.left
                anchors.right: more.left
                anchors.leftMargin: Theme.size.pad
                anchors.verticalCenter: parent.verticalCenter
                text: status.words.title
                color: Theme.color.text
                font.family: Theme.font.family
                font.pixelSize: Theme.font.heading
                font.weight: Font.DemiBold
                elide: Text.ElideRight
            }
            Chevron {
                id: more
                anchors.right: parent.right
                anchors.rightMargin: Theme.size.pad
                anchors.verticalCenter: parent.verticalCenter
                width: status.stripHeight * 0.45
                height: width
                up: false
            }
            TapHandler {
                gesturePolicy: TapHandler.ReleaseWithinBounds
                onTapped: HelpCall.expand()
            }
        }
    }
}
