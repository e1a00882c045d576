import QtQuick

// Every patient screen, one shown at a time with a slow crossfade (slower still when drifting home after idle).
Item {
    HomeScreen {
        objectName: "page_home"
        anchors.fill: parent
        active: Session.screen === "home"
    }
    InfoScreen {
        objectName: "page_expect"
        anchors.fill: parent
        name: "expect"
        active: Session.screen === "expect"
    }
    FeelingsFlow {
        objectName: "page_feelings"
        anchors.fill: parent
        active: Session.screen === "feelings"
    }
    InfoScreen {
        objectName: "page_after"
        anchors.fill: parent
        name: "after"
        active: Session.screen === "after"
    }
    ResourcesScreen {
        objectName: "page_resources"
        anchors.fill: parent
        active: Session.screen === "resources"
    }
}
