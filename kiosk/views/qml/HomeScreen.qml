pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import Lantern

// The calm home: a greeting over the pictures, a big tile for each part, and the disclaimer at the foot.
// Wide pages put the tiles in a column on the right; narrow ones put them in a grid at the bottom.
ScreenPage {
    id: home

    readonly property bool side: width > height * 1.2
    readonly property real tileHeight: side
        ? Math.max(Theme.size.target, Math.min(Theme.mm * 26, (height - 3 * Theme.size.gap) / 4))
        : Theme.mm * 22

    // The four tiles: a column on the right of wide pages, a grid under the greeting on narrow ones.
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
                    Layout.preferredWidth: 1
                    Layout.preferredHeight: Math.max(home.tileHeight, implicitHeight)
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
        width: home.side ? home.width * 0.6 : home.width
        height: home.height

        Scrim {
            id: greeting
            width: parent.width

            Heading {
                objectName: "home_greeting"
                width: parent.width
                level: "title"
                text: Words.screens.home.greeting
            }
            Prose {
                objectName: "home_message"
                width: parent.width
                text: Words.screens.home.message
            }
        }
        Loader {
            id: tilesBelow
            width: parent.width
            active: !home.side
            visible: active
            sourceComponent: tileSet
        }
        Item {
            width: 1
            height: Math.max(0, words.height - greeting.height - footer.height - 2 * words.spacing
                             - (tilesBelow.active ? tilesBelow.height + words.spacing : 0))
        }
        Scrim {
            id: footer
            width: parent.width
            padding: Theme.size.pad * 0.6

            Disclaimer {
                objectName: "disclaimer"
                width: parent.width
                topPadding: 0
            }
        }
    }

    Loader {
        x: words.width + Theme.size.gap
        width: home.width - x
        active: home.side
        sourceComponent: tileSet
    }
}
