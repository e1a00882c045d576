import QtQuick
import QtQuick.Layouts
import Lantern

// The buttons every screen shares: home, then language, larger text, read aloud and pause pictures.
// Landscape: a column on the left, home on top. Portrait: rows at the bottom, home on the lower one, which
// the home screen (where it means nothing) leaves out to give the greeting room. Back lives beside Next in
// the guided flow, the only place where back and home differ.
Item {
    id: rail

    property bool vertical: true

    implicitHeight: access.implicitHeight + (nav.visible ? Theme.size.gap + nav.implicitHeight : 0)

    CalmButton {
        id: nav
        objectName: "nav_home"
        width: rail.width
        y: rail.vertical ? 0 : rail.height - height
        visible: rail.vertical || !Session.at_home
        opacity: Session.at_home ? 0 : 1
        enabled: !Session.at_home
        text: Words.ui.home
        onActivated: Session.home()
    }

    GridLayout {
        id: access
        width: rail.width
        y: rail.vertical ? rail.height - height : 0
        columns: rail.vertical ? 1 : children.length
        columnSpacing: Theme.size.gap
        rowSpacing: rail.vertical ? Theme.size.gap / 2 : Theme.size.gap

        CalmButton {
            objectName: "language"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.fillHeight: true
            text: Words.other_language_name
            onActivated: Words.toggle_language()
        }
        CalmButton {
            objectName: "larger_text"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.fillHeight: true
            text: Words.ui.larger_text
            selected: Session.larger_text
            onActivated: Session.toggle_larger_text()
        }
        CalmButton {
            objectName: "read_aloud"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.fillHeight: true
            text: Speech.speaking ? Words.ui.stop_reading : Words.ui.read_aloud
            selected: Speech.speaking
            visible: Speech.present
            opacity: Speech.available ? 1 : 0
            enabled: Speech.available
            onActivated: Speech.toggle()
        }
        CalmButton {
            objectName: "pause_pictures"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.fillHeight: true
            text: Words.ui.pause_pictures
            selected: Session.pictures_paused
            onActivated: Session.toggle_pictures()
        }
    }
}
