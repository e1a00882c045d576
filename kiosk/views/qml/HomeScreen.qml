pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Lantern

// The calm home: a greeting over the pictures, a big tile for each part, and how to call for help. Wide pages put the tiles in a
// column on the right, leaving the picture room to show; narrow ones put them in a grid under the greeting.
// The disclaimer is at the foot of every page with advice; home gives none.
ScreenPage {
    id: home

    readonly property bool side: width > height * 1.2 && width >= Theme.mm * 150
        && height >= 4 * Theme.size.target + 3 * Theme.size.gap
    readonly property int tiles: Session.tiles.length

    Component {
        id: tileSet

        GridLayout {
            columns: home.side ? 1 : 2
            columnSpacing: Theme.size.gap
            rowSpacing: Theme.size.gap

            Repeater {
                model: Session.tiles

                CalmButton {
                    required property var modelData
                    objectName: "tile_" + modelData.name
                    Layout.fillWidth: true
                    Layout.fillHeight: home.side
                    Layout.preferredWidth: 1
                    Layout.preferredHeight: Math.max(home.side ? Theme.size.target : Theme.mm * 18, implicitHeight)
                    Layout.maximumHeight: home.side ? Theme.mm * 26 : Number.POSITIVE_INFINITY
                    text: Words.screens[modelData.name].nav
                    fontSize: Theme.font.action
                    align: Text.AlignLeft
                    onActivated: Session.open(modelData.name)
                }
            }
        }
    }

    ScrollPage {
        id: words
        width: home.side ? home.width * 0.55 : home.width
        height: home.height

        Scrim {
            id: greeting
            width: parent.width

            ClinicCorner {
                width: parent.width
                visible: Theme.compact
            }
            Heading {
                objectName: "home_greeting"
                width: parent.width
                level: "title"
                text: Words.screens.home.greeting
            }
            // How long the patient has rested comes first after the greeting, where it is read without scrolling.
            TimeLine {
                objectName: "time_line"
                width: parent.width
            }
            Prose {
                objectName: "home_message"
                width: parent.width
                visible: home.side
                text: Words.screens.home.message
            }
        }
        // On a narrow page the tiles come straight after the greeting, so they are on the first screen,
        // and the words about the help buttons follow.
        Loader {
            width: parent.width
            height: implicitHeight
            active: !home.side
            visible: active
            sourceComponent: tileSet
        }
        Scrim {
            width: parent.width
            visible: !home.side

            Prose {
                objectName: "home_message"
                width: parent.width
                text: Words.screens.home.message
            }
        }
    }

    Loader {
        x: words.width + Theme.size.gap
        width: home.width - x
        height: home.height
        active: home.side
        sourceComponent: tileSet
    }
}
