import QtQuick
import Lantern

// The kiosk window. Fixed regions, the same on every screen: the help block, the shared buttons, the page.
Window {
    id: window

    // Three arrangements, chosen by the theme from the window's real size: the shared buttons in a side
    // column (10 inches and up, landscape), or in a band at the foot with the help buttons at the top
    // (portrait) or in a column on the right (compact landscape: a 7- or 8-inch tablet on its side).
    readonly property bool sideRail: !Theme.portrait && !Theme.compact
    readonly property bool helpColumn: Theme.compact && !Theme.portrait
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

    // The side column's scrim, behind the shared buttons and the clinic's name where they stand on the picture.
    Rectangle {
        objectName: "rail_scrim"
        visible: window.sideRail
        width: rail.x + rail.width + window.gap / 2
        height: window.height
        opacity: Session.at_home ? 1 : 0
        gradient: Gradient {
            GradientStop { position: 0.0; color: "transparent" }
            GradientStop { position: 0.35; color: Qt.alpha(Theme.color.scrim, 0) }
            GradientStop { position: 0.8; color: Qt.alpha(Theme.color.scrim, Theme.color.scrim_opacity) }
            GradientStop { position: 1.0; color: Qt.alpha(Theme.color.scrim, Theme.color.scrim_opacity) }
        }
    }
    // Below the page, one band holds the shared buttons (and the clinic's name), on its own calm surface.
    Rectangle {
        objectName: "band"
        visible: !window.sideRail
        y: rail.y - window.gap / 2
        width: window.width
        height: window.height - y
        color: Qt.alpha(Theme.color.scrim, Theme.color.scrim_opacity)
    }

    // The clinic's name (and the staff gesture) in a corner; a small tablet has no corner to spare, so
    // there it heads the home screen's greeting instead.
    ClinicCorner {
        id: clinic
        visible: !Theme.compact
        x: window.margin
        y: window.height - window.margin - height
        width: window.sideRail ? Theme.size.rail : window.width - 2 * window.margin
    }

    Rail {
        id: rail
        vertical: window.sideRail
        x: window.margin
        y: window.sideRail ? window.margin : (clinic.visible ? clinic.y - window.gap / 2 : window.height - window.margin) - height
        width: window.sideRail ? Theme.size.rail : window.width - 2 * window.margin
        height: window.sideRail ? clinic.y - window.gap - y : implicitHeight
    }

    HelpBlock {
        id: help
        objectName: "help_block"
        shape: window.helpColumn ? "column" : width >= Theme.mm * 140 ? "row" : "stacked"
        x: window.sideRail ? rail.x + rail.width + window.gap
            : window.helpColumn ? window.width - window.margin - Theme.size.help_column : window.margin
        y: window.margin
        width: window.helpColumn ? Theme.size.help_column : window.width - x - window.margin
    }

    Item {
        id: stage
        objectName: "stage"
        x: window.helpColumn ? window.margin : help.x
        y: window.helpColumn ? window.margin : help.y + help.height + window.gap
        width: window.helpColumn ? help.x - window.gap - x : help.width
        height: (window.sideRail ? window.height - window.margin : rail.y - window.gap) - y

        // The call's page covers the page at once (no words fading through words) and never moves it.
        Pages {
            anchors.fill: parent
            visible: !status.shown
        }
        CheckIn {
            objectName: "check_in"
            anchors.fill: parent
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
