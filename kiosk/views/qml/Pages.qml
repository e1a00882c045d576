import QtQuick
import Lantern

// Every patient screen, one shown at a time with a slow crossfade (slower still when drifting home after idle).
Item {
    HomeScreen {
        objectName: "page_home"
        anchors.fill: parent
        active: Session.screen === Session.Home
    }
    InfoScreen {
        objectName: "page_expect"
        anchors.fill: parent
        titleName: "expect_title"
        words: Words.screens.expect
        active: Session.screen === Session.Expect
    }
    FeelingsFlow {
        objectName: "page_feelings"
        anchors.fill: parent
        active: Session.screen === Session.Feelings
    }
    InfoScreen {
        objectName: "page_after"
        anchors.fill: parent
        titleName: "after_title"
        words: Words.screens.after
        active: Session.screen === Session.After
    }
    ResourcesScreen {
        objectName: "page_resources"
        anchors.fill: parent
        active: Session.screen === Session.Resources
    }
}
