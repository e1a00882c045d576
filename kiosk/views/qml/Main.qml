import QtQuick
import Lantern

// The kiosk window. Fixed regions, the same on every screen: the help block, the shared buttons, the page.
Window {
    id: window

    // Three arrangements, chosen by the theme from the window's real size: the shared buttons in a side
    // column (10 inches and up, landscape), or in a band at the foot with the help buttons at the top
    // (portrait) or in a column on the right (compact landscape: a 7- or 8-inch tablet on its side).
    // A tablet stood upright folds the band to Home and More when one row cannot hold every button; a 7- or
    // 8-inch one also puts its help buttons side by side.
    readonly property bool sideRail: !Theme.portrait && !Theme.compact
    readonly property bool helpColumn: Theme.compact && !Theme.portrait
    readonly property real margin: Theme.size.margin
    readonly property real gap: Theme.size.gap

    title: Words.clinic.name
    color: Theme.color.background

    Behavior on color {
        ColorAnimation { duration: Theme.motion.dim }
    }

    // The pictures, full-bleed behind every screen.
    Backdrop {
        objectName: "backdrop"
        anchors.fill: parent
    }

    // The clinic's name stands on a small calm panel of its own in the side column; the shared buttons are
    // solid, so the picture runs on behind the column with no band and no edge.
    Panel {
        objectName: "clinic_panel"
        visible: window.sideRail && clinic.visible
        x: clinic.x - window.gap / 2
        y: clinic.y - window.gap / 2
        width: clinic.width + window.gap
        height: clinic.height + window.gap
    }
    // Below the page, one band holds the shared buttons (and the clinic's name): the picture darkens softly
    // towards the foot, with no edge, and is as calm as a panel where the clinic's name stands.
    Rectangle {
        id: band
        objectName: "band"
        readonly property real solid: clinic.visible ? (clinic.y - window.gap / 2 - y) / height : 1
        visible: !window.sideRail
        y: rail.y - window.gap / 2
        width: window.width
        height: window.height - y
        gradient: Gradient {
            GradientStop { position: 0.0; color: Qt.alpha(Theme.color.scrim, 0) }
            GradientStop { position: band.solid; color: Qt.alpha(Theme.color.scrim, Theme.color.scrim_opacity) }
            GradientStop { position: 1.0; color: Qt.alpha(Theme.color.scrim, Theme.color.scrim_opacity) }
        }
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
        shape: window.helpColumn ? "column" : width >= Theme.mm * 140 ? "row" : Theme.compact ? "pair" : "stacked"
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

        // The call's page (or the folded buttons' sheet, or a check-in) covers the page at once, with no
        // words fading through words, and never moves it.
        Pages {
            anchors.fill: parent
            visible: !status.shown && !options.visible && !checkIn.visible
        }
        CheckIn {
            id: checkIn
            objectName: "check_in"
            anchors.fill: parent
        }
        CallStatus {
            id: status
            objectName: "call_status"
            anchors.fill: parent
        }
        OptionsSheet {
            id: options
            objectName: "options_sheet"
            anchors.fill: parent
            visible: Session.options_open && rail.folded
        }
        StaffPanel {
            objectName: "staff_panel"
            anchors.fill: parent
        }
    }
}
