pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// Every patient screen, one shown at a time with a slow crossfade (slower still when drifting home after
// idle): home, the guided hard-feelings flow, and a page for each screen the clinic wrote in content.yaml.
// The pictures show behind all of them; words other than home's stand on one calm reading panel.
Item {
    id: pages

    readonly property int fadeMs: Session.drifting ? Theme.motion.drift_home : Theme.motion.page

    // The one reading panel every page but home stands on, over the pictures; home keeps the picture open.
    Panel {
        objectName: "reading_panel"
        anchors.fill: parent
        opacity: Session.at_home ? 0 : 1
        visible: opacity > 0

        Behavior on opacity {
            NumberAnimation { duration: pages.fadeMs; easing.type: Easing.InOutQuad }
        }
    }
    HomeScreen {
        objectName: "page_home"
        anchors.fill: parent
        active: Session.screen === "home"
    }
    Repeater {
        model: Session.tiles

        Loader {
            id: page
            required property var modelData
            objectName: "page_" + modelData.name
            anchors.fill: parent
            // Words keep clear of the panel's rounded edge where there is room; a small or upright screen
            // needs every millimetre for them.
            anchors.margins: Theme.compact || Theme.portrait ? 0 : Theme.size.pad
            sourceComponent: modelData.guided ? guided : written

            Component {
                id: guided
                FeelingsFlow {
                    active: Session.screen === page.modelData.name
                }
            }
            Component {
                id: written
                TopicScreen {
                    name: page.modelData.name
                    active: Session.screen === page.modelData.name
                }
            }
        }
    }
}
