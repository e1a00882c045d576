pragma ComponentBehavior: Bound
import QtQuick
import Lantern

// Every patient screen, one shown at a time with a slow crossfade (slower still when drifting home after
// idle): home, the guided hard-feelings flow, and a page for each screen the clinic wrote in content.yaml.
Item {
    id: pages

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
