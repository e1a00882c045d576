import QtQuick
import Lantern

// The kiosk window. Fixed regions, the same on every screen: the help block at the top right, the shared
// buttons in a rail (landscape) or at the bottom (portrait), the page in between.
Window {
    id: window

    readonly property bool landscape: width >= height
    readonly property real margin: Theme.size.margin
    readonly property real gap: Theme.size.gap

    title: Words.clinic.name
    color: Theme.color.background

    Behavior on color {
        ColorAnimation { duration: Theme.motion.dim }
    }

    Backdrop {
        objectName: "backdrop"
        anchors.fill: parent
        opacity: Session.at_home ? 1 : 0
        visible: opacity > 0

        Behavior on opacity {
            NumberAnimation { duration: Theme.motion.page }
        }
    }

    Rectangle {
        objectName: "rail_scrim"
        y: window.landscape ? 0 : rail.y - window.gap / 2
        width: window.landscape ? rail.x + rail.width + window.gap / 2 : window.width
        height: window.height - y
        opacity: Session.at_home ? 1 : 0
        // Only the clinic's name at the foot is bare text on the picture; the buttons above have their own
        // surfaces, so the scrim fades in towards the foot and lets the picture show above.
        gradient: Gradient {
            GradientStop { position: 0.0; color: "transparent" }
            GradientStop { position: window.landscape ? 0.35 : 0.0; color: Qt.alpha(Theme.color.scrim, 0) }
            GradientStop { position: window.landscape ? 0.8 : 0.3; color: Qt.alpha(Theme.color.scrim, Theme.color.scrim_opacity) }
            GradientStop { position: 1.0; color: Qt.alpha(Theme.color.scrim, Theme.color.scrim_opacity) }
        }
    }

    ClinicCorner {
        id: clinic
        x: window.margin
        y: window.height - window.margin - height
        width: window.landscape ? Theme.size.rail : window.width - 2 * window.margin
    }

    Rail {
        id: rail
        vertical: window.landscape
        x: window.margin
        y: window.landscape ? window.margin : clinic.y - window.gap / 2 - height
        width: window.landscape ? Theme.size.rail : window.width - 2 * window.margin
        height: window.landscape ? clinic.y - window.gap / 2 - y : implicitHeight
    }

    HelpBlock {
        id: help
        objectName: "help_block"
        wide: width >= Theme.mm * 140
        x: window.landscape ? rail.x + rail.width + window.gap : window.margin
        y: window.margin
        width: window.width - x - window.margin
    }

    Item {
        id: stage
        objectName: "stage"
        x: help.x
        y: help.y + help.height + window.gap
        width: help.width
        height: (window.landscape ? window.height - window.margin : rail.y - window.gap) - y

        Pages {
            anchors.fill: parent
            anchors.topMargin: status.shown && !HelpCall.expanded ? status.stripHeight + window.gap : 0
            visible: !(status.shown && HelpCall.expanded) || status.opacity < 1

            Behavior on anchors.topMargin {
                NumberAnimation { duration: Theme.motion.status; easing.type: Easing.InOutQuad }
            }
        }
        CallStatus {
            id: status
            objectName: "call_status"
            anchors.fill: parent
        }
        StaffPanel {
            objectName: "staff_panel"
            anchors.fill: parent
        }
    }
}
