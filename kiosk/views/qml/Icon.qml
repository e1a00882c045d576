import QtQuick
import Lantern

// The shared buttons' icons, drawn as soft round strokes (no icon font to ship or to miss a glyph).
Canvas {
    id: icon

    property string name
    property color ink: Theme.color.text

    onNameChanged: requestPaint()
    onInkChanged: requestPaint()
    antialiasing: true

    onPaint: {
        const ctx = getContext("2d");
        const s = Math.min(width, height);
        ctx.reset();
        ctx.translate((width - s) / 2, (height - s) / 2);
        ctx.scale(s, s);
        ctx.lineWidth = 0.1;
        ctx.lineCap = "round";
        ctx.lineJoin = "round";
        ctx.strokeStyle = icon.ink;
        ctx.beginPath();
        if (name === "home") {
            ctx.moveTo(0.1, 0.5); ctx.lineTo(0.5, 0.14); ctx.lineTo(0.9, 0.5);
            ctx.moveTo(0.24, 0.4); ctx.lineTo(0.24, 0.88); ctx.lineTo(0.76, 0.88); ctx.lineTo(0.76, 0.4);
        } else if (name === "language") {
            ctx.arc(0.5, 0.5, 0.4, 0, 2 * Math.PI);
            ctx.moveTo(0.1, 0.5); ctx.lineTo(0.9, 0.5);
            ctx.moveTo(0.5, 0.1); ctx.bezierCurveTo(0.22, 0.3, 0.22, 0.7, 0.5, 0.9);
            ctx.moveTo(0.5, 0.1); ctx.bezierCurveTo(0.78, 0.3, 0.78, 0.7, 0.5, 0.9);
        } else if (name === "larger") {
            ctx.moveTo(0.06, 0.86); ctx.lineTo(0.22, 0.46); ctx.lineTo(0.38, 0.86);
            ctx.moveTo(0.12, 0.72); ctx.lineTo(0.32, 0.72);
            ctx.moveTo(0.42, 0.86); ctx.lineTo(0.67, 0.14); ctx.lineTo(0.92, 0.86);
            ctx.moveTo(0.51, 0.62); ctx.lineTo(0.83, 0.62);
        } else if (name === "speak") {
            ctx.moveTo(0.1, 0.38); ctx.lineTo(0.28, 0.38); ctx.lineTo(0.5, 0.18);
            ctx.lineTo(0.5, 0.82); ctx.lineTo(0.28, 0.62); ctx.lineTo(0.1, 0.62); ctx.closePath();
            ctx.moveTo(0.66, 0.34); ctx.quadraticCurveTo(0.76, 0.5, 0.66, 0.66);
            ctx.moveTo(0.78, 0.22); ctx.quadraticCurveTo(0.96, 0.5, 0.78, 0.78);
        } else if (name === "back") {
            ctx.moveTo(0.85, 0.5); ctx.lineTo(0.18, 0.5);
            ctx.moveTo(0.44, 0.22); ctx.lineTo(0.16, 0.5); ctx.lineTo(0.44, 0.78);
        } else if (name === "pause") {
            ctx.moveTo(0.34, 0.18); ctx.lineTo(0.34, 0.82);
            ctx.moveTo(0.66, 0.18); ctx.lineTo(0.66, 0.82);
        } else if (name === "more") {
            ctx.moveTo(0.12, 0.3); ctx.lineTo(0.88, 0.3);
            ctx.moveTo(0.12, 0.5); ctx.lineTo(0.88, 0.5);
            ctx.moveTo(0.12, 0.7); ctx.lineTo(0.88, 0.7);
        }
        ctx.stroke();
    }
}
